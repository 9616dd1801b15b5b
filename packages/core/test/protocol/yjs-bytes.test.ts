import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DecodeFailure, type ProtocolErrorCode } from '../../src/protocol/errors.js'
import {
  decodeClientMessage,
  encodeClientMessage,
  PROTOCOL_LIMITS,
} from '../../src/protocol/index.js'
import { checkYjsRelativePosition, checkYjsStateVector } from '../../src/protocol/yjs-state.js'
import { checkYjsUpdate } from '../../src/protocol/yjs-update.js'
import {
  anyCountBomb,
  anyDepthBomb,
  clientCountBomb,
  clockOverflowBomb,
  deleteSetBomb,
  itemUpdate,
  jsonDepthBomb,
  structCountBomb,
  subdocUpdate,
} from './bombs.js'
import { envelopeOf } from './fixtures.js'
import { createPrng, int, pick, testSeed } from './prng.js'
import {
  ANCHOR,
  EDIT_UPDATE,
  HEAD_AT_END,
  HEAD_BEFORE,
  MERGE_FROM_STATE_VECTOR,
  STATE_VECTOR,
  varietyUpdates,
} from './yjs-fixtures.js'

const verdict = (check: () => void): ProtocolErrorCode | 'ok' => {
  try {
    check()
    return 'ok'
  } catch (err) {
    if (err instanceof DecodeFailure) return err.code
    throw err
  }
}
const updateVerdict = (update: Uint8Array) => verdict(() => checkYjsUpdate(update, PROTOCOL_LIMITS))

describe('Yjs updates made by real documents are accepted', () => {
  it.each(varietyUpdates().map((u, i) => [i, u] as const))('variety update #%i', (_, update) => {
    expect(updateVerdict(update)).toBe('ok')
  })

  it('state vectors and relative positions from real documents are accepted', () => {
    for (const sv of [STATE_VECTOR, MERGE_FROM_STATE_VECTOR]) {
      expect(verdict(() => checkYjsStateVector(sv, PROTOCOL_LIMITS))).toBe('ok')
    }
    for (const pos of [ANCHOR, HEAD_AT_END, HEAD_BEFORE])
      expect(verdict(() => checkYjsRelativePosition(pos))).toBe('ok')
  })
})

describe('YJS-2: Yjs update bombs are refused before Yjs allocates for them', () => {
  it.each([
    ['a struct count of 60,000 in a 14-byte update', 'truncated', structCountBomb(60_000)],
    ['a struct count of 2^25', 'limit_exceeded', structCountBomb(2 ** 25)],
    [
      'a struct count above maxYjsStructs',
      'limit_exceeded',
      structCountBomb(PROTOCOL_LIMITS.maxYjsStructs + 1),
    ],
    ['a struct count of 2^53', 'limit_exceeded', structCountBomb(2 ** 53)],
    ['a client count of 2^32', 'limit_exceeded', clientCountBomb(2 ** 32)],
    ['a delete set of 2^31 ranges', 'limit_exceeded', deleteSetBomb(2 ** 31)],
    ['a delete set of 60,000 ranges in 12 bytes', 'truncated', deleteSetBomb(60_000)],
    ['a clock pushed past 2^53', 'invalid_field', clockOverflowBomb()],
    ['ContentAny nested 100,000 deep', 'limit_exceeded', anyDepthBomb(100_000)],
    ['ContentAny declaring 2^40 values', 'limit_exceeded', anyCountBomb(2 ** 40)],
    ['embedded JSON nested 100,000 deep', 'limit_exceeded', jsonDepthBomb(100_000)],
    ['a subdocument', 'invalid_field', subdocUpdate()],
  ] as const)('%s → %s', (_, code, update) => {
    expect(updateVerdict(update)).toBe(code)
  })

  it('a bomb inside an edit_text op fails the whole frame, naming the field', () => {
    const op = { kind: 'edit_text', block: 'b1', update: structCountBomb(60_000) } as const
    const frame = encodeClientMessage({ type: 'ops', envelopes: [envelopeOf(op)] })
    expect(decodeClientMessage(frame)).toMatchObject({
      ok: false,
      error: { code: 'truncated', path: 'ops.envelopes[0].op.update' },
    })
  })

  it('nesting at maxPropDepth inside ContentAny passes, one deeper fails', () => {
    expect(updateVerdict(anyDepthBomb(PROTOCOL_LIMITS.maxPropDepth))).toBe('ok')
    expect(updateVerdict(anyDepthBomb(PROTOCOL_LIMITS.maxPropDepth + 1))).toBe('limit_exceeded')
  })
})

describe('Yjs structure is checked exactly', () => {
  it.each([
    ['bytes after the delete set', 'trailing_bytes', new Uint8Array([0, 0, 0])],
    ['an empty input', 'truncated', new Uint8Array([])],
    ['an unknown content type', 'invalid_field', itemUpdate(11, () => {})],
    ['a GC struct with flag bits', 'invalid_field', new Uint8Array([1, 1, 1, 0, 0x80, 1, 0])],
    ['a zero-length GC struct', 'invalid_field', new Uint8Array([1, 1, 1, 0, 0, 0, 0])],
    [
      'a client id above uint32',
      'invalid_field',
      encoding.encode((e) => {
        encoding.writeUint8Array(e, new Uint8Array([1, 1]))
        encoding.writeVarUint(e, 2 ** 32)
        encoding.writeUint8Array(e, new Uint8Array([0, 0, 1, 0]))
      }),
    ],
    ['a type ref out of range', 'invalid_field', itemUpdate(7, (e) => encoding.writeVarUint(e, 7))],
    [
      'embedded text that is not JSON',
      'invalid_field',
      itemUpdate(5, (e) => encoding.writeVarString(e, '{oops')),
    ],
  ] as const)('%s → %s', (_, code, update) => {
    expect(updateVerdict(update)).toBe(code)
  })

  it('a relative position of an unknown kind, or with trailing bytes, is refused', () => {
    expect(verdict(() => checkYjsRelativePosition(new Uint8Array([3, 1, 1])))).toBe('invalid_field')
    expect(verdict(() => checkYjsRelativePosition(new Uint8Array([...ANCHOR, 0, 0])))).not.toBe(
      'ok',
    )
  })
})

/**
 * Mutates real updates; whenever the validator accepts one, Yjs must decode it and apply it
 * (to an empty document and to the document it came from) without throwing.
 */
const differential = (seed: number, iterations: number): number => {
  const rng = createPrng(seed)
  const corpus = [EDIT_UPDATE, ...varietyUpdates()]
  let accepted = 0
  for (let i = 0; i < iterations; i++) {
    const base = pick(rng, corpus)
    const update = Uint8Array.from(base)
    for (let flips = int(rng, 1, 3); flips > 0; flips--) {
      const at = int(rng, 0, update.length - 1)
      update[at] = pick(rng, [update[at]! ^ (1 << int(rng, 0, 7)), int(rng, 0, 255)])
    }
    if (updateVerdict(update) !== 'ok') continue
    accepted++
    const replay = `seed ${seed}, #${i}: SEED=${seed} replays`
    expect(() => Y.decodeUpdate(update), replay).not.toThrow()
    expect(() => Y.applyUpdate(new Y.Doc(), update), replay).not.toThrow()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, base)
    expect(() => Y.applyUpdate(doc, update), replay).not.toThrow()
  }
  return accepted
}

describe('whatever the validator accepts, Yjs reads and applies without throwing (differential fuzz)', () => {
  it('5,000 mutated real updates, applied to an empty document and to the one they came from (seeded)', () => {
    expect(differential(testSeed(), 5_000)).toBeGreaterThan(500)
  })

  // 4030255915: invalid UTF-8 in a struct string (Yjs decodes strings fatally);
  // 3889245942: an item naming a later item of its own client as its origin.
  it.each([4030255915, 3889245942])('regression seed %i', (seed) => {
    expect(differential(seed, 1_000)).toBeGreaterThan(0)
  })
})
