import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import {
  CLOSE_CODES,
  CLOSE_REASON_TEXT,
  decodeClientMessage,
  decodeEnvelope,
  decodeServerFrame,
  decodeServerMessage,
  encodeClientMessage,
  encodeEnvelope,
  encodeServerMessage,
  PROTOCOL_VERSION,
} from '../../src/protocol/index.js'
import { CLIENT_MESSAGES, ENVELOPES, SERVER_MESSAGES } from './fixtures.js'

/** The same frame, written as if by a peer speaking `version`. */
const asVersion = (frame: Uint8Array, version: number): Uint8Array =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, version)
    encoding.writeUint8Array(e, frame.subarray(1))
  })

describe('VERSION-1: a peer of another version gets "please reload", never garbage', () => {
  it.each([0, PROTOCOL_VERSION + 1, 2 ** 20])(
    'a client frame of version %i is unsupported_version',
    (version) => {
      const frame = asVersion(encodeClientMessage(CLIENT_MESSAGES.hello), version)
      expect(decodeClientMessage(frame)).toMatchObject({
        ok: false,
        error: { code: 'unsupported_version', message: expect.stringContaining('please reload') },
      })
    },
  )

  it('FRAME-1: a server frame of another version is unsupported_version, whatever follows the version', () => {
    const frame = asVersion(new Uint8Array([1, 0xff, 0xff, 0xff]), PROTOCOL_VERSION + 1)
    expect(decodeServerFrame(frame)).toMatchObject({
      ok: false,
      error: { code: 'unsupported_version' },
    })
    expect(
      decodeServerMessage(asVersion(encodeServerMessage(SERVER_MESSAGES.ops), 99)),
    ).toMatchObject({
      ok: false,
      error: { code: 'unsupported_version' },
    })
  })

  it('a hello announcing another protocol inside a current frame is unsupported_version', () => {
    const frame = encodeClientMessage({
      ...CLIENT_MESSAGES.hello,
      protocol: PROTOCOL_VERSION + 1,
    } as never)
    expect(decodeClientMessage(frame)).toMatchObject({
      ok: false,
      error: { code: 'unsupported_version' },
    })
  })

  it('a stored envelope of another version is unsupported_version', () => {
    const record = asVersion(encodeEnvelope(ENVELOPES[0]!), PROTOCOL_VERSION + 1)
    expect(decodeEnvelope(record)).toMatchObject({
      ok: false,
      error: { code: 'unsupported_version' },
    })
  })

  it('the server closes an old client with 4400 "please reload"', () => {
    expect(CLOSE_CODES.unsupported_version).toBe(4400)
    expect(CLOSE_REASON_TEXT.unsupported_version).toBe('please reload')
  })
})
