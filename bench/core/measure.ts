/**
 * Repetition and statistics. Each measurement runs warm-ups (so the JIT has compiled the hot
 * paths and the heap has grown to the workload), then several timed repetitions on fresh
 * state; we report the median and the spread (max - min over median), because the machine is
 * shared and single runs wander.
 *
 * No forced GC between repetitions: `gc()` also shrinks V8's young generation, so every
 * repetition then started from a cold heap, which cost our allocating JS about 20% in the
 * local-move workload. A warmed, steady heap is what a long-running editor has.
 */

export interface Sample {
  /** The figure of this repetition, in the workload's unit. */
  readonly value: number
  /** Extra facts a repetition observed (rejection counts, checks), kept from the last one. */
  readonly facts?: Readonly<Record<string, number | string | boolean>>
}

export interface Summary {
  readonly median: number
  readonly min: number
  readonly max: number
  /** (max - min) / median, as a fraction. */
  readonly spread: number
  readonly runs: readonly number[]
  readonly facts: Readonly<Record<string, number | string | boolean>>
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Runs `run` `warmups` times untimed, then `repetitions` times, and summarises the figures.
 * Two warm-ups by default: with one, the next repetitions still sped up run after run while V8
 * grew its heap to the workload (a 200,000-op log), and the median depended on their number.
 */
export const repeat = (
  repetitions: number,
  run: (repetition: number) => Sample,
  warmups = 2,
): Summary => {
  for (let w = 0; w < warmups; w++) {
    run(-1 - w)
  }
  const runs: number[] = []
  let facts: Sample['facts'] = {}
  for (let r = 0; r < repetitions; r++) {
    const sample = run(r)
    runs.push(sample.value)
    facts = sample.facts ?? facts
  }
  return summarise(runs, facts ?? {})
}

const summarise = (runs: readonly number[], facts: NonNullable<Sample['facts']>): Summary => {
  const mid = median(runs)
  const min = Math.min(...runs)
  const max = Math.max(...runs)
  return { median: mid, min, max, spread: mid === 0 ? 0 : (max - min) / mid, runs, facts }
}

/** Operations per second from a count and a duration in milliseconds. */
export const perSecond = (count: number, ms: number): number => (count * 1000) / ms

/**
 * Like `repeat` for several contenders at once, taking turns repetition by repetition, so a
 * neighbour process that slows the machine for a while slows all of them, not only whichever
 * ran then: their ratio is steadier than their figures.
 */
export const repeatTogether = <K extends string>(
  repetitions: number,
  runs: Readonly<Record<K, (repetition: number) => Sample>>,
  warmups = 2,
): Record<K, Summary> => {
  const names = Object.keys(runs) as K[]
  for (let w = 0; w < warmups; w++) {
    for (const name of names) {
      runs[name](-1 - w)
    }
  }
  const values = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    K,
    number[]
  >
  const facts = Object.fromEntries(names.map((name) => [name, {}])) as Record<K, Sample['facts']>
  for (let r = 0; r < repetitions; r++) {
    for (const name of names) {
      const sample = runs[name](r)
      values[name].push(sample.value)
      facts[name] = sample.facts ?? facts[name]
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, summarise(values[name], facts[name] ?? {})]),
  ) as Record<K, Summary>
}
