/**
 * A seeded PRNG (mulberry32: Tommy Ettinger's 32-bit generator) and the helpers the protocol
 * tests draw from. Every randomized test takes its seed from `SEED` when set, prints it when it
 * fails, and replays exactly with `SEED=<n> pnpm test`.
 */
export interface Prng {
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
}

export const createPrng = (seed: number): Prng => {
  let state = seed >>> 0
  return {
    seed,
    next: () => {
      state = (state + 0x6d2b79f5) >>> 0
      let t = state
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    },
  }
}

/** The seed to use: `SEED` from the environment, else a fresh random one. */
export const testSeed = (): number => {
  const fromEnv = process.env.SEED
  if (fromEnv !== undefined && fromEnv !== '') return Number(fromEnv) >>> 0
  return Math.floor(Math.random() * 2 ** 32)
}

/** An integer in [min, max]. */
export const int = (rng: Prng, min: number, max: number): number =>
  min + Math.floor(rng.next() * (max - min + 1))

export const bool = (rng: Prng, p = 0.5): boolean => rng.next() < p

export const pick = <T>(rng: Prng, items: readonly T[]): T => {
  if (items.length === 0) throw new Error('pick from an empty list')
  return items[Math.floor(rng.next() * items.length)]!
}

export const randomBytes = (rng: Prng, length: number): Uint8Array => {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = Math.floor(rng.next() * 256)
  return out
}
