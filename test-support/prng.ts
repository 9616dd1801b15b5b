/**
 * Seeded randomness for the server's and the SDK's tests (sfc32 seeded through splitmix32, as
 * the core simulator's test/sim/prng.ts): every randomized test takes `SEED` from the
 * environment, prints it, and replays with it.
 */
export interface Prng {
  next(): number
}

export const createPrng = (seed: number): Prng => {
  let s = seed >>> 0
  const mix = (): number => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = mix()
  let b = mix()
  let c = mix()
  let d = mix()
  const uint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) uint32()
  return { next: () => uint32() / 4294967296 }
}

export const int = (p: Prng, min: number, max: number): number =>
  min + Math.floor(p.next() * (max - min + 1))
export const bool = (p: Prng, probability = 0.5): boolean => p.next() < probability
export const pick = <T>(p: Prng, items: readonly T[]): T => {
  if (items.length === 0) throw new RangeError('pick from an empty list')
  return items[Math.floor(p.next() * items.length)]!
}
/** A fresh generator drawn from this one, for per-client streams. */
export const fork = (p: Prng): Prng => createPrng(Math.floor(p.next() * 4294967296))

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
export const word = (p: Prng, min = 1, max = 7): string => {
  let out = ''
  for (let n = int(p, min, max); n > 0; n--) out += LETTERS[int(p, 0, 25)]
  return out
}

/** `SEED` from the environment, or the given default. */
export const seedFromEnv = (fallback: number): number => {
  const raw = process.env.SEED
  return raw === undefined || raw === '' ? fallback : Number(raw)
}
