import { describe, expect, it } from 'vitest'
import { fuzzDecoders } from './fuzz.js'
import { testSeed } from './prng.js'

/** Seeds that once broke a decoder; they run on every test run. */
const REGRESSION_SEEDS: readonly number[] = []

describe('DECODE-1: decoders survive hostile input', () => {
  const seed = testSeed()

  it('100,000 hostile frames: each decodes or fails with a known code, none throws (seeded)', () => {
    const report = fuzzDecoders(seed, 100_000)
    const replay = `seed ${seed} (replay: SEED=${seed} pnpm test)\n${report.findings.join('\n')}`
    expect(report.problems, replay).toBe(0)
    expect(report.frames).toBe(100_000)
    // the fuzzer reaches deep: every kind of refusal shows up, and some frames survive mutation
    for (const code of [
      'truncated',
      'limit_exceeded',
      'invalid_field',
      'unknown_message_type',
      'trailing_bytes',
    ]) {
      expect(report.codes[code] ?? 0, `${code} never seen; seed ${seed}`).toBeGreaterThan(0)
    }
    expect(report.accepted, replay).toBeGreaterThan(100)
  })

  it.each(REGRESSION_SEEDS)('regression seed %i', (pinned) => {
    const report = fuzzDecoders(pinned, 20_000)
    expect(report.problems, report.findings.join('\n')).toBe(0)
  })
})
