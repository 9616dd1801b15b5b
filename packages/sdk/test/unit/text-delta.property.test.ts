/**
 * The text delta module's laws, on seeded random formatted texts and deltas:
 * TP1 (both orders of two concurrent deltas end in the same text, ties decided by `first`),
 * compose (applying the composition is applying one then the other), and transformPosition
 * (a position follows the text around it).
 *
 *   SEED=7 npx vitest run test/unit/text-delta     replay a seed
 */
import { describe, expect, it } from 'vitest'
import type { TextAttributes, TextDelta, TextDeltaOp } from '../../src/engine/engine.js'
import {
  applyToRuns,
  compose,
  type Runs,
  transform,
  transformPosition,
} from '../../src/engine/text-delta.js'
import { bool, createPrng, int, type Prng, pick, seedFromEnv } from '../support/prng.js'

const SEED = seedFromEnv(1)
const ROUNDS = 2000

const FORMATS: readonly TextAttributes[] = [
  { bold: true },
  { bold: null },
  { italic: true },
  { bold: true, italic: null },
  { link: 'x' },
]

const length = (runs: Runs): number => runs.reduce((n, run) => n + run.insert.length, 0)
const plain = (runs: Runs): string => runs.map((run) => run.insert).join('')

const randomRuns = (p: Prng): Runs => {
  const runs: Array<{ insert: string; attributes?: TextAttributes }> = []
  for (let n = int(p, 0, 4); n > 0; n--) {
    const insert = 'abcdefgh'.slice(0, int(p, 1, 5))
    runs.push(bool(p) ? { insert } : { insert, attributes: { bold: true } })
  }
  return applyToRuns(runs, [])!
}

/** A random delta valid on a text of `size` characters. */
const randomDelta = (p: Prng, size: number): TextDelta => {
  const ops: TextDeltaOp[] = []
  let left = size
  while (left > 0 || bool(p, 0.3)) {
    const roll = p.next()
    if (roll < 0.3) {
      const insert = pick(p, ['X', 'YZ', 'uvw'])
      ops.push(bool(p, 0.3) ? { insert, attributes: { italic: true } } : { insert })
    } else if (left > 0 && roll < 0.55) {
      const n = int(p, 1, left)
      ops.push({ delete: n })
      left -= n
    } else if (left > 0) {
      const n = int(p, 1, left)
      ops.push(bool(p, 0.3) ? { retain: n, attributes: pick(p, FORMATS) } : { retain: n })
      left -= n
    } else break
    if (bool(p, 0.15)) break
  }
  return ops
}

/** Runs compared by content (attribute key order aside). */
const norm = (runs: Runs | undefined) =>
  runs?.map((run) => [
    run.insert,
    Object.entries(run.attributes ?? {}).sort(([a], [b]) => a.localeCompare(b)),
  ])

const apply = (runs: Runs, delta: TextDelta): Runs => {
  const out = applyToRuns(runs, delta)
  if (out === undefined) throw new Error(`delta ${JSON.stringify(delta)} does not fit`)
  return out
}

describe(`text deltas (seed ${SEED})`, () => {
  it('TP1: two concurrent deltas, applied in either order and transformed, give one text', () => {
    console.log(`text-delta seed ${SEED} (replay: SEED=${SEED})`)
    const p = createPrng(SEED)
    for (let round = 0; round < ROUNDS; round++) {
      const s = randomRuns(p)
      const a = randomDelta(p, length(s))
      const b = randomDelta(p, length(s))
      const first = bool(p)
      const viaA = apply(apply(s, a), transform(b, a, !first))
      const viaB = apply(apply(s, b), transform(a, b, first))
      expect(norm(viaA), `round ${round}: ${JSON.stringify({ s, a, b, first })}`).toEqual(
        norm(viaB),
      )
    }
  })

  it('the first delta wins ties: its insert goes before the other at the same place', () => {
    const s = [{ insert: 'ab' }]
    const mine = [{ retain: 1 }, { insert: 'M' }]
    const theirs = [{ retain: 1 }, { insert: 'T' }]
    expect(plain(apply(apply(s, theirs), transform(mine, theirs, true)))).toBe('aMTb')
    expect(plain(apply(apply(s, mine), transform(theirs, mine, false)))).toBe('aMTb')
  })

  it('compose: applying a∘b is applying a, then b', () => {
    const p = createPrng(SEED + 1)
    for (let round = 0; round < ROUNDS; round++) {
      const s = randomRuns(p)
      const a = randomDelta(p, length(s))
      const b = randomDelta(p, length(apply(s, a)))
      const c = randomDelta(p, length(apply(apply(s, a), b)))
      const stepwise = apply(apply(apply(s, a), b), c)
      const context = `round ${round}: ${JSON.stringify({ s, a, b, c })}`
      expect(norm(apply(s, compose(a, b))), context).toEqual(norm(apply(apply(s, a), b)))
      expect(norm(apply(s, compose(compose(a, b), c))), context).toEqual(norm(stepwise))
      expect(norm(apply(s, compose(a, compose(b, c)))), context).toEqual(norm(stepwise))
    }
  })

  it('transformPosition: the character after a position is still after it', () => {
    const p = createPrng(SEED + 2)
    for (let round = 0; round < ROUNDS; round++) {
      const s = randomRuns(p)
      if (length(s) === 0) continue
      // a marker character inserted at the position follows along when the delta is rebased
      const at = int(p, 0, length(s))
      const d = randomDelta(p, length(s))
      const marked = transform([{ retain: at }, { insert: '#' }], d, true)
      const after = plain(apply(apply(s, d), marked))
      expect(after.indexOf('#'), `round ${round}: ${JSON.stringify({ s, at, d })}`).toBe(
        transformPosition(at, d),
      )
    }
  })

  it('a delta that reaches past the end of the text does not apply', () => {
    expect(applyToRuns([{ insert: 'ab' }], [{ retain: 3 }, { insert: 'x' }])).toBeUndefined()
    expect(applyToRuns([{ insert: 'ab' }], [{ retain: 1 }, { delete: 2 }])).toBeUndefined()
    expect(plain(apply([{ insert: 'ab' }], [{ retain: 2 }, { insert: 'c' }]))).toBe('abc')
  })
})
