/**
 * Sibling positions: fractional index keys (the `fractional-indexing` library, base 62), compared
 * bytewise, with (key, block id) as the final order so equal keys still sort deterministically.
 *
 * What we add to the library: random jitter (two replicas inserting at the same place at the
 * same time get distinct keys, so their blocks do not interleave by accident), tolerance of
 * equal or inverted neighbours (never throws), and validation of untrusted keys.
 */
import { generateKeyBetween } from 'fractional-indexing'
import type { BlockId } from './ids.js'

export const POSITION_MAX_LENGTH = 1024
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
/** Random digits appended to a fresh key: 62^2 ≈ 3,800 distinct keys per gap per moment. */
const JITTER_DIGITS = 2

/** Bytewise order of keys (they are ASCII, so UTF-16 order is byte order). */
export const comparePositions = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The final order of siblings: (key bytewise, block id). */
export const compareSiblings = (aKey: string, aId: BlockId, bKey: string, bId: BlockId): number =>
  aKey < bKey ? -1 : aKey > bKey ? 1 : aId < bId ? -1 : aId > bId ? 1 : 0

// A valid key is what the library produces: a head letter fixing the integer part's length,
// the integer digits, then an optional fraction that does not end in '0'.
const KEY_PATTERN = /^[A-Za-z][0-9A-Za-z]*$/
export const isValidPositionKey = (key: unknown): key is string => {
  if (typeof key !== 'string' || key.length < 2 || key.length > POSITION_MAX_LENGTH) return false
  if (!KEY_PATTERN.test(key)) return false
  const head = key.charCodeAt(0)
  // 'a'..'z' heads: integer part of 2..27 chars; 'A'..'Z': 27..2 chars.
  const intLength = head >= 97 ? head - 97 + 2 : 90 - head + 2
  if (key.length < intLength) return false
  if (key === `A${'0'.repeat(26)}`) return false
  return key.length === intLength || key[key.length - 1] !== '0'
}

const jitter = (random: () => number): string => {
  let out = ''
  for (let i = 0; i < JITTER_DIGITS - 1; i++) out += DIGITS[Math.floor(random() * 62)]
  // the last digit is never '0', so the result stays a valid key
  return out + DIGITS[1 + Math.floor(random() * 61)]
}

/**
 * A key strictly between `before` and `after` (null: open end), with jitter. When the neighbours
 * are equal or out of order (possible after concurrent inserts), returns a key just after
 * `before`: the block lands next to its intended neighbour and ties fall to the block id.
 */
export const positionBetween = (
  before: string | null,
  after: string | null,
  random: () => number = Math.random,
): string => {
  if (before !== null && after !== null && before >= after) after = null
  const base = generateKeyBetween(before, after)
  const jittered = base + jitter(random)
  // `base + suffix` > base always; it stays below `after` unless base is a prefix of it.
  if (after === null || !after.startsWith(base)) return jittered
  const inner = generateKeyBetween(base, after)
  return after.startsWith(inner) ? inner : inner + jitter(random)
}

/** `n` increasing keys between two neighbours, for bulk inserts (import, paste). */
export const positionsBetween = (
  before: string | null,
  after: string | null,
  n: number,
  random: () => number = Math.random,
): string[] => {
  const keys: string[] = []
  let left = before
  for (let i = 0; i < n; i++) {
    left = positionBetween(left, after, random)
    keys.push(left)
  }
  return keys
}
