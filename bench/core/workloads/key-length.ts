/**
 * Workload 4, position key length, for three patterns:
 * - appends: 10,000 blocks, each after the last (typing a document from top to bottom);
 * - one gap, leftward: 1,000 inserts, each between the same left neighbour and the previous
 *   insert (the worst case for fractional indexing);
 * - one gap, rightward: 1,000 inserts, each after the previous insert and before the same
 *   right neighbour (typing paragraphs, or pasting blocks one by one, in mid-document).
 * Ours: what the replica does for such runs: the first insert bisects the gap
 * (`positionBetween`), the next ones step from the previous insert (`positionNear`). Keys are
 * in characters (ASCII, so bytes), with the first insert whose key
 * the protocol would refuse (`isValidPositionKey`, over 1,024 bytes) when one comes within
 * 10,000. Loro: `fractionalIndex()`, a hex string of its key's bytes, reported in bytes.
 */
import {
  isValidPositionKey,
  POSITION_MAX_LENGTH,
  positionBetween,
  positionNear,
} from '@markdownsync/core'
import type { LoroTreeNode } from 'loro-crdt'
import { freeLoro, newLoroDoc } from '../loro.js'
import type { Summary } from '../measure.js'
import { seededRandom } from '../random.js'
import type { Row } from '../report.js'
import type { Settings } from '../settings.js'

export const APPENDS = 10_000
export const GAP_INSERTS = 1_000
/** How far the gap patterns are followed to find the first key over the protocol's bound. */
const BOUND_SEARCH = 10_000

type Pattern = 'appends' | 'leftward' | 'rightward'

const PATTERNS: ReadonlyArray<[Pattern, string]> = [
  ['appends', `${APPENDS.toLocaleString('en-US')} appends`],
  ['leftward', `${GAP_INSERTS.toLocaleString('en-US')} inserts in one gap, leftward`],
  ['rightward', `${GAP_INSERTS.toLocaleString('en-US')} inserts in one gap, rightward`],
]

interface Lengths {
  readonly max: number
  readonly mean: number
}

const lengths = (values: readonly number[]): Lengths => {
  let max = 0
  let total = 0
  for (const length of values) {
    max = Math.max(max, length)
    total += length
  }
  return { max, mean: total / values.length }
}

/** Our keys of a pattern, `count` of them. */
const ourPattern = (pattern: Pattern, count: number, seed: number): string[] => {
  const random = seededRandom(seed)
  const keys: string[] = []
  if (pattern === 'appends') {
    let last: string | null = null
    for (let i = 0; i < count; i++) {
      last = positionBetween(last, null, random)
      keys.push(last)
    }
    return keys
  }
  const left = positionBetween(null, null, random)
  const right = positionBetween(left, null, random)
  let previous = pattern === 'leftward' ? right : left
  for (let i = 0; i < count; i++) {
    if (i === 0) previous = positionBetween(left, right, random)
    else if (pattern === 'leftward') previous = positionNear(left, previous, 'after', random)
    else previous = positionNear(previous, right, 'before', random)
    keys.push(previous)
  }
  return keys
}

/** Loro's keys of a pattern, `count` of them, in bytes. */
const loroPattern = (pattern: Pattern, count: number): number[] => {
  const replica = newLoroDoc(1n)
  const { tree } = replica
  const nodes: LoroTreeNode[] = []
  if (pattern !== 'appends') nodes.push(tree.createNode(), tree.createNode())
  for (let i = 0; i < count; i++) {
    // leftward: index 1 is right after the first node, before the previous insert;
    // rightward: index i + 1 is right after the previous insert, before the last node
    const index = pattern === 'appends' ? undefined : pattern === 'leftward' ? 1 : i + 1
    nodes.push(tree.createNode(undefined, index))
  }
  replica.doc.commit()
  const inserted = pattern === 'appends' ? nodes : nodes.slice(2)
  const bytes = inserted.map((node) => node.fractionalIndex()!.length / 2)
  freeLoro({ ...replica, nodes })
  return bytes
}

/** A figure measured once: key lengths are deterministic, there is nothing to repeat. */
const exact = (value: number): Summary => ({
  median: value,
  min: value,
  max: value,
  spread: 0,
  runs: [value],
  facts: {},
})

export const keyLengths = (settings: Settings): Row[] =>
  PATTERNS.flatMap(([pattern, what]): Row[] => {
    const seed = settings.seed + 30
    const count = pattern === 'appends' ? APPENDS : GAP_INSERTS
    const ours = lengths(ourPattern(pattern, count, seed).map((key) => key.length))
    const loro = lengths(loroPattern(pattern, count))
    const notes: string[] = []
    if (pattern !== 'appends') {
      const refused = ourPattern(pattern, BOUND_SEARCH, seed).findIndex(
        (key) => !isValidPositionKey(key),
      )
      notes.push(
        refused < 0
          ? `ours: no key over ${POSITION_MAX_LENGTH} bytes within ${BOUND_SEARCH.toLocaleString('en-US')} inserts`
          : `ours: insert ${(refused + 1).toLocaleString('en-US')} gets a key over ${POSITION_MAX_LENGTH.toLocaleString('en-US')} bytes, which the protocol refuses`,
      )
    }
    notes.push('ours: base-62 characters, 2 of them random jitter; Loro: bytes, jitter 0')
    return [
      {
        id: `key-length-${pattern}-max`,
        label: `key length, ${what}, max`,
        unit: 'bytes (lower is better)',
        better: 'lower',
        ours: exact(ours.max),
        loro: exact(loro.max),
      },
      {
        id: `key-length-${pattern}-mean`,
        label: `key length, ${what}, mean`,
        unit: 'bytes (lower is better)',
        better: 'lower',
        ours: exact(ours.mean),
        loro: exact(loro.mean),
        notes,
      },
    ]
  })
