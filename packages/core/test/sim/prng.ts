/**
 * A small seeded PRNG for the simulator: sfc32 (Chris Doty-Humphrey's "small fast counting"
 * generator) seeded through splitmix32. Every random choice of a simulation run comes from one
 * of these, so a seed replays exactly. Plain functions over plain state, lib0 style.
 */

export interface Prng {
  a: number
  b: number
  c: number
  d: number
}

const splitmix32 = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

export const createPrng = (seed: number): Prng => {
  const mix = splitmix32(seed)
  const prng = { a: mix(), b: mix(), c: mix(), d: mix() }
  // sfc32 wants a few rounds to forget a weak seed
  for (let i = 0; i < 12; i++) uint32(prng)
  return prng
}

export const uint32 = (p: Prng): number => {
  const t = (((p.a + p.b) >>> 0) + p.d) >>> 0
  p.d = (p.d + 1) >>> 0
  p.a = p.b ^ (p.b >>> 9)
  p.b = (p.c + (p.c << 3)) >>> 0
  p.c = ((p.c << 21) | (p.c >>> 11)) >>> 0
  p.c = (p.c + t) >>> 0
  return t
}

/** A float in [0, 1). */
export const float = (p: Prng): number => uint32(p) / 4294967296

/** An integer in [min, max], both inclusive. */
export const int = (p: Prng, min: number, max: number): number =>
  min + Math.floor(float(p) * (max - min + 1))

export const bool = (p: Prng, probability = 0.5): boolean => float(p) < probability

export const pick = <T>(p: Prng, items: readonly T[]): T => {
  if (items.length === 0) throw new RangeError('pick from an empty list')
  return items[Math.floor(float(p) * items.length)]!
}

/** Picks a key of `weights` with probability proportional to its weight. */
export const weighted = <K extends string>(p: Prng, weights: Readonly<Record<K, number>>): K => {
  const entries = Object.entries(weights) as Array<[K, number]>
  let total = 0
  for (const [, w] of entries) total += w
  let x = float(p) * total
  for (const [k, w] of entries) {
    x -= w
    if (x < 0) return k
  }
  return entries[entries.length - 1]![0]
}

/** Fisher–Yates, in place. */
export const shuffle = <T>(p: Prng, items: T[]): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(float(p) * (i + 1))
    const t = items[i]!
    items[i] = items[j]!
    items[j] = t
  }
  return items
}

/** An independent generator derived from this one (for per-replica streams). */
export const fork = (p: Prng): Prng => createPrng(uint32(p))

/** A `() => number` view, for APIs that take `random`. */
export const floatFn =
  (p: Prng): (() => number) =>
  () =>
    float(p)

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
export const word = (p: Prng, minLength: number, maxLength: number): string => {
  let out = ''
  const n = int(p, minLength, maxLength)
  for (let i = 0; i < n; i++) out += LETTERS[int(p, 0, 25)]
  return out
}
