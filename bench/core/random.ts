/**
 * Seeded randomness: every workload draws its choices from one of these, so our tree and Loro
 * see exactly the same sequence of blocks, targets and positions, and a run can be replayed.
 */

/** mulberry32: a 32-bit state PRNG, fast and good enough to pick blocks (not for secrets). */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in [0, n). */
export const randomInt = (random: () => number, n: number): number => Math.floor(random() * n)
