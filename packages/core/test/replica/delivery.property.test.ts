/**
 * DELIVERY-1…3 (src/delivery.ts) as a seeded property: sessions that receive the sequence only
 * by the DELIVERY rules for the blocks they see keep the whole structure, keep exactly the
 * content they see, and equal the full replica once every block is caught up (see
 * ./partial-delivery.ts for the run and what it checks at every step).
 *
 *   SEED=123 pnpm vitest run test/replica/delivery    replay one seed (prints its summary)
 *   SEEDS=500 STEPS=800 pnpm vitest run test/replica/delivery   more / longer runs
 */
import { describe, expect, it } from 'vitest'
import { DeliveryFailure, runDeliveryScenario } from './partial-delivery.js'

const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`)
  return n
}

const STEPS = envInt('STEPS', 400)
const SEEDS = envInt('SEEDS', 80)
const SEED_BASE = envInt('SEED_BASE', 1)
const ONE_SEED =
  process.env.SEED === undefined || process.env.SEED === '' ? undefined : envInt('SEED', 0)

describe('DELIVERY-1…3: a session that sees part of the document', () => {
  if (ONE_SEED !== undefined) {
    it(`seed ${ONE_SEED} (${STEPS} steps)`, () => {
      console.log(JSON.stringify(runDeliveryScenario({ seed: ONE_SEED, steps: STEPS }), null, 2))
    })
    return
  }

  it(`keeps the whole structure and the content it sees, and equals the full replica after catch-up (${SEEDS} seeds × ${STEPS} steps)`, () => {
    const failures: string[] = []
    let ops = 0
    let stripped = 0
    let withheld = 0
    for (let seed = SEED_BASE; seed < SEED_BASE + SEEDS; seed++) {
      try {
        const stats = runDeliveryScenario({ seed, steps: STEPS })
        ops += stats.ops
        stripped += stats.stripped
        withheld += stats.withheld
      } catch (error) {
        if (!(error instanceof DeliveryFailure)) {
          failures.push(`seed ${seed}: ${error instanceof Error ? error.stack : String(error)}`)
        } else failures.push(error.message)
      }
    }
    expect(failures, `${failures.length} seed(s) failed:\n\n${failures.join('\n\n')}`).toEqual([])
    // the runs really exercised partial delivery
    expect(ops).toBeGreaterThan(SEEDS * 50)
    expect(stripped).toBeGreaterThan(0)
    expect(withheld).toBeGreaterThan(0)
  })
})
