/**
 * Decoding of the column values the two drivers return differently, into the plain types the
 * Storage contract promises.
 */

/** bigint as a driver returns it: `pg` gives a string, PGlite a number (or a bigint if large). */
export type SqlBigint = string | number | bigint

/** A seq (or any bigint count) as a number; seqs stay far below 2^53. */
export const toSeq = (value: SqlBigint): number => {
  const seq = Number(value)
  if (!Number.isSafeInteger(seq)) throw new RangeError(`seq ${String(value)} is not a safe integer`)
  return seq
}

/**
 * A bytea value as a plain Uint8Array of its own. `pg` returns a Buffer that may be a slice of a
 * shared 8 KiB pool, so a view would hand callers (`.buffer`) bytes that are not theirs; a
 * Uint8Array that is exactly the value's bytes is passed through uncopied.
 */
export const toBytes = (value: Uint8Array): Uint8Array => {
  const own =
    value.constructor === Uint8Array &&
    value.byteOffset === 0 &&
    value.byteLength === value.buffer.byteLength
  return own ? value : new Uint8Array(value)
}
