/**
 * Bounded reads over untrusted bytes. Every length and count is checked against its limit and
 * against the bytes that remain *before* anything is allocated or looped over; failures throw a
 * `DecodeFailure` that the public decoders turn into a `ProtocolError`.
 *
 * lib0's own readers are not used for untrusted input: `readUint8` returns `undefined` past the
 * end instead of throwing, and `readVarUint` accepts overlong encodings (and returns NaN for
 * some of them). The decoder here keeps lib0's `Decoder` shape so Yjs-style code reads the same.
 */
import * as decoding from 'lib0/decoding'
import { fail } from './errors.js'
import type { LimitName, ProtocolLimits } from './limits.js'

export interface Reader {
  readonly decoder: decoding.Decoder
  readonly limits: ProtocolLimits
  /** Field names and indices from the root to the value being read, for error paths. */
  readonly path: (string | number)[]
}

export const createReader = (bytes: Uint8Array, limits: ProtocolLimits): Reader => ({
  decoder: decoding.createDecoder(bytes),
  limits,
  path: [],
})

export const remaining = (d: decoding.Decoder): number => d.arr.length - d.pos

export const readByte = (d: decoding.Decoder): number => {
  if (d.pos >= d.arr.length) fail('truncated', 'input ends inside a field')
  return d.arr[d.pos++]!
}

/** A minimal LEB128 varuint of at most 8 bytes (so at most 2^56 - 1; callers bound it further). */
export const readVarUint = (d: decoding.Decoder): number => {
  let value = 0
  let scale = 1
  for (let i = 0; i < 8; i++) {
    const byte = readByte(d)
    value += (byte & 0x7f) * scale
    if (byte < 0x80) {
      if (byte === 0 && i > 0) fail('invalid_field', 'varuint is not minimally encoded')
      return value
    }
    scale *= 128
  }
  return fail('invalid_field', 'varuint longer than 8 bytes')
}

/** A varuint that must lie in [min, max]. */
export const readUintIn = (d: decoding.Decoder, min: number, max: number): number => {
  const n = readVarUint(d)
  if (n < min || n > max) fail('invalid_field', `integer ${n} is outside [${min}, ${max}]`)
  return n
}

/**
 * A declared length of bytes: refused when above its limit (`limit_exceeded`) or above what is
 * left of the input (`truncated`).
 */
export const readLength = (r: Reader, limit: LimitName): number => {
  const n = readVarUint(r.decoder)
  const max = r.limits[limit]
  if (n > max) fail('limit_exceeded', `length ${n} exceeds ${limit} (${max})`)
  if (n > remaining(r.decoder))
    fail('truncated', `length ${n} exceeds the ${remaining(r.decoder)} bytes left`)
  return n
}

/**
 * A declared count of items each at least `minItemBytes` long: refused when above its limit or
 * when the remaining input could not hold that many items (items of 0 bytes are bounded by the
 * limit alone).
 */
export const readCount = (
  r: Reader,
  limit: LimitName,
  minItemBytes: number,
  max = r.limits[limit],
): number => {
  const n = readVarUint(r.decoder)
  if (n > max) fail('limit_exceeded', `count ${n} exceeds ${limit} (${max})`)
  if (n * minItemBytes > remaining(r.decoder)) {
    fail('truncated', `count ${n} cannot fit in the ${remaining(r.decoder)} bytes left`)
  }
  return n
}

/** A view of the next `n` bytes, without copying. */
export const readView = (d: decoding.Decoder, n: number): Uint8Array => {
  if (n > remaining(d)) fail('truncated', 'input ends inside a byte field')
  const view = d.arr.subarray(d.pos, d.pos + n)
  d.pos += n
  return view
}

// `ignoreBOM` keeps a leading U+FEFF as text: stripping it would change the string in transit.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export const decodeUtf8 = (view: Uint8Array): string => {
  try {
    return utf8.decode(view)
  } catch {
    return fail('invalid_field', 'string is not valid UTF-8')
  }
}

/** A length-prefixed UTF-8 string of at most `limit` bytes. */
export const readString = (r: Reader, limit: LimitName): string =>
  decodeUtf8(readView(r.decoder, readLength(r, limit)))

export const formatPath = (path: readonly (string | number)[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
