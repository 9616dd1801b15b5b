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
    // the run starts at a random point of the gap, then steps: 2,000 keys cost ~50 characters
    left =
      left === null || after === null || i === 0
        ? positionBetween(left, after, random)
        : positionNear(left, after, 'before', random)
    keys.push(left)
  }
  return keys
}

const digitOf = (c: string | undefined): number => (c === undefined ? 0 : DIGITS.indexOf(c))

/**
 * Splits a key into its integer part (head letter + digits) and its fraction.
 * `isValidPositionKey` guarantees the layout.
 */
const splitKey = (key: string): [string, string] => {
  const head = key.charCodeAt(0)
  const intLength = head >= 97 ? head - 97 + 2 : 90 - head + 2
  return [key.slice(0, intLength), key.slice(intLength)]
}

// Both walks below copy the shared prefix of the two bounds digit by digit and stop at the
// first digit with room; they never run past the longer bound plus one digit.

/** A fraction just above `low` and below `high` (null: unbounded), `step` digits up. */
const fractionAbove = (low: string, high: string | null, step: number): string => {
  let out = ''
  let bounded = high !== null
  for (let i = 0; i <= POSITION_MAX_LENGTH; i++) {
    const lo = digitOf(low[i])
    const hi = bounded ? digitOf(high![i]) : 62
    // lo < d < hi, and d >= 1 so the key does not end in '0'
    if (hi - lo >= 2) return out + DIGITS[lo + Math.min(step, hi - lo - 1)]
    out += DIGITS[lo]
    if (lo < hi) bounded = false
  }
  return out
}

/** A fraction just below `high` and above `low`, `step` digits down. */
const fractionBelow = (low: string, high: string, step: number): string => {
  let out = ''
  for (let i = 0; i <= POSITION_MAX_LENGTH; i++) {
    const lo = digitOf(low[i])
    const hi = digitOf(high[i])
    if (hi - lo >= 2) return out + DIGITS[hi - Math.min(step, hi - lo - 1)]
    // no room at this digit: take `lo`, which puts us below `high`, and finish near the top
    if (hi - lo === 1) return out + DIGITS[lo] + fractionAbove(low.slice(i + 1), null, 62 - step)
    out += DIGITS[hi]
  }
  return out
}

/**
 * A key between two neighbours that sits close to one of them, for runs of inserts at one
 * place. Typing block after block in the middle of a document inserts each new block right
 * after the previous one: bisecting the gap every time (`positionBetween`) adds a character
 * every ~6 inserts, and ~4,000 inserts overflow the protocol's key limit. Stepping from the
 * neighbour the run grows from adds one every ~40. `side` names that neighbour: 'before' for
 * a run growing rightward, 'after' for one growing leftward. Falls back to `positionBetween`
 * when the neighbours' integer parts differ or the order is off.
 */
export const positionNear = (
  before: string,
  after: string,
  side: 'before' | 'after',
  random: () => number = Math.random,
): string => {
  if (before >= after) return positionBetween(before, after, random)
  const [intBefore, fracBefore] = splitKey(before)
  const [intAfter, fracAfter] = splitKey(after)
  const step = 1 + Math.floor(random() * 2)
  let key: string
  if (intBefore === intAfter) {
    key =
      intBefore +
      (side === 'before'
        ? fractionAbove(fracBefore, fracAfter, step)
        : fractionBelow(fracBefore, fracAfter, step))
  } else if (side === 'before' || fracAfter === '') {
    // every key with `before`'s integer part is below `after`: the fraction is free above
    key = intBefore + fractionAbove(fracBefore, null, side === 'before' ? step : 62 - step)
  } else {
    // every key with `after`'s integer part is above `before`
    key = intAfter + fractionBelow('', fracAfter, step)
  }
  // belt and braces: a key that is not strictly between (never seen in the tests) falls back
  return key > before && key < after && isValidPositionKey(key)
    ? key
    : positionBetween(before, after, random)
}
