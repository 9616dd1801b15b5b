/**
 * Decoding errors. A decoder returns one of these for any input it refuses; it never throws.
 * `path` names the field that failed (`ops.envelopes[3].op.update`), when there is one.
 */
export const PROTOCOL_ERROR_CODES = [
  /** The frame is longer than `maxFrameBytes`. */
  'frame_too_large',
  /** The input ends before a declared length, count or field. */
  'truncated',
  /** The message tag is not one this side of the protocol knows. */
  'unknown_message_type',
  /** The frame (or stored envelope) was written by another protocol version. */
  'unsupported_version',
  /** A declared length or count is above its limit in `PROTOCOL_LIMITS`. */
  'limit_exceeded',
  /** A field is malformed: bad id, enum value, UTF-8, Yjs structure, out-of-range number … */
  'invalid_field',
  /** Bytes are left over after a value that must fill its container exactly. */
  'trailing_bytes',
  /** The decoder itself failed: a bug, never expected; reported instead of thrown. */
  'internal',
] as const

export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number]

export interface ProtocolError {
  readonly code: ProtocolErrorCode
  readonly message: string
  readonly path?: string
}

export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ProtocolError }

/**
 * Thrown inside the decoders only, and caught at their boundary: unwinding through nested
 * readers is simpler than threading results through every one of them. Not an `Error`: most
 * hostile frames end in one, and capturing a stack trace for each nearly doubled the decode time.
 */
export class DecodeFailure {
  readonly code: ProtocolErrorCode
  readonly message: string
  constructor(code: ProtocolErrorCode, message: string) {
    this.code = code
    this.message = message
  }
}

export const fail = (code: ProtocolErrorCode, message: string): never => {
  throw new DecodeFailure(code, message)
}
