/**
 * The edge of every public decoder: size check first, then the bounded read, and whatever goes
 * wrong comes back as a `ProtocolError` value.
 *
 * Invariants (spec: apps/docs/spec/protocol.md):
 * - DECODE-1: nothing thrown inside gets past this function, whatever the input;
 * - FRAME-2: an input over `maxFrameBytes` is refused before a single field is read;
 * - DECODE-2: every declared length and count is checked against its limit and against the
 *   bytes left before anything is allocated or looped over (reader.ts);
 * - DECODE-3: an `ok` value is a fully valid message: every field passed its check.
 */
import { DecodeFailure, type DecodeResult, type ProtocolError } from './errors.js'
import { type LimitOverrides, resolveLimits } from './limits.js'
import { createReader, formatPath, type Reader } from './reader.js'

const error = (
  code: ProtocolError['code'],
  message: string,
  path?: string,
): DecodeResult<never> => ({
  ok: false,
  error: path ? { code, message, path } : { code, message },
})

export const decodeAtBoundary = <T>(
  bytes: Uint8Array,
  overrides: LimitOverrides | undefined,
  read: (r: Reader) => T,
): DecodeResult<T> => {
  let r: Reader | undefined
  try {
    if (!(bytes instanceof Uint8Array)) return error('invalid_field', 'input is not a Uint8Array')
    const limits = resolveLimits(overrides)
    if (bytes.length > limits.maxFrameBytes) {
      return error(
        'frame_too_large',
        `${bytes.length} bytes exceed maxFrameBytes (${limits.maxFrameBytes})`,
      )
    }
    r = createReader(bytes, limits)
    return { ok: true, value: read(r) }
  } catch (err) {
    const path = r === undefined ? undefined : formatPath(r.path)
    if (err instanceof DecodeFailure) return error(err.code, err.message, path)
    return error('internal', `decoder failed unexpectedly: ${String(err)}`, path)
  }
}
