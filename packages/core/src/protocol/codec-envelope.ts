/**
 * An envelope on its own, for storage (the op log): a varuint protocol version, then the
 * envelope's fields exactly as they appear inside an `ops` message. The version lets a future
 * reader tell old records apart; the op id is not stored, it is derived from the HLC.
 */
import * as encoding from 'lib0/encoding'
import type { Envelope } from '../ops.js'
import { decodeAtBoundary } from './boundary.js'
import { readFrameVersion } from './codec-messages.js'
import { readField } from './codec-read.js'
import { writeField } from './codec-write.js'
import { type DecodeResult, fail } from './errors.js'
import { envelope } from './field.js'
import type { LimitOverrides } from './limits.js'
import { remaining } from './reader.js'
import { PROTOCOL_VERSION } from './version.js'

const ENVELOPE = envelope()

export const encodeEnvelope = (value: Envelope): Uint8Array => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, PROTOCOL_VERSION)
  writeField(e, ENVELOPE, value)
  return encoding.toUint8Array(e)
}

export const decodeEnvelope = (
  bytes: Uint8Array,
  limits?: LimitOverrides,
): DecodeResult<Envelope> =>
  decodeAtBoundary(bytes, limits, (r) => {
    readFrameVersion(r)
    r.path.push('envelope')
    const value = readField(r, ENVELOPE) as Envelope
    r.path.length = 0
    if (remaining(r.decoder) > 0)
      fail('trailing_bytes', `${remaining(r.decoder)} bytes after the envelope`)
    return value
  })
