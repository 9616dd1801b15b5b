/** Helpers for the Markdown round-trip tests: import, export, compare without ids. */
import type { CanonicalBlock } from '../../src/index.js'
import {
  DocumentReplica,
  exportMarkdown,
  importMarkdown,
  type ParseOptions,
} from '../../src/index.js'

export interface ShapeBlock {
  type: string
  props: CanonicalBlock['props']
  text: CanonicalBlock['text']
  children: ShapeBlock[]
}

const shape = (block: CanonicalBlock): ShapeBlock => ({
  type: block.type,
  props: block.props,
  text: block.text,
  children: block.children.map(shape),
})

let replicaId = 1

/** mulberry32: a small seeded PRNG, so block ids and positions repeat from run to run. */
export const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Imports `markdown` into a fresh replica and returns the replica (throws on an import error). */
export const load = (markdown: string, options: ParseOptions = {}): DocumentReplica => {
  const result = importMarkdown(markdown, {
    ...options,
    replica: new DocumentReplica({ replica: replicaId++, random: seeded(replicaId) }),
  })
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value.replica
}

/** The document tree without ids: what import → export → import must keep. */
export const treeOf = (replica: DocumentReplica): ShapeBlock[] =>
  replica.toCanonical().root.map(shape)

export interface RoundTrip {
  /** import(export(import(md))) has the same tree as import(md). */
  sameTree: boolean
  /** export is a fixed point after one round: export(import(md1)) === md1. */
  fixedPoint: boolean
  first: string
  second: string
}

export const roundTrip = (markdown: string, options: ParseOptions = {}): RoundTrip => {
  const a = load(markdown, options)
  const first = exportMarkdown(a)
  const b = load(first, options)
  const second = exportMarkdown(b)
  return {
    sameTree: JSON.stringify(treeOf(a)) === JSON.stringify(treeOf(b)),
    fixedPoint: first === second,
    first,
    second,
  }
}
