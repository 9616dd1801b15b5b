/**
 * Micro-benchmark of the partition map's `update`: a generated 2,000-block document (sections
 * of a heading, paragraphs and lists of items) under a stream of structure ops — top-level
 * inserts, deletes, moves, splits and heading/paragraph changes, and list items inserted inside
 * partitions — with `update` after every op, as the room does for top-level changes.
 *
 * The same seeded document and op stream run twice: with the incremental map, and with the full
 * recomputation it replaced (packages/server/test/rooms/partition-map-reference.ts). It prints
 * µs per `update` for each, by op kind, and the time the incremental map's change listener adds
 * to applying the ops (the work it moved out of `update`), against applying them with no map.
 *
 * Run from the repo root: `npx tsx bench/partition-map/run.ts` (`SEED=n`, `OPS=n` to vary).
 */
import { performance } from 'node:perf_hooks'
import { type BlockId, DocumentReplica, ROOT_ID } from '@markdownsync/core'
import { PartitionMap } from '../../packages/server/src/rooms/partition-map.js'
import { FullRecomputePartitionMap } from '../../packages/server/test/rooms/partition-map-reference.js'
import { bool, createPrng, int, type Prng, pick, seedFromEnv } from '../../test-support/prng.js'

const BLOCKS = 2_000
const SEED = seedFromEnv(1)
const OPS = Number(process.env.OPS ?? 4_000)
const WARMUP = 1_000

type Kind = 'insert top' | 'delete top' | 'move top' | 'split top' | 'retype top' | 'insert item'
const KINDS: readonly Kind[] = [
  'insert top',
  'delete top',
  'move top',
  'split top',
  'retype top',
  'insert item',
]

interface Mode {
  readonly name: string
  readonly create: (doc: DocumentReplica) => { update(): boolean; partitions: unknown }
}

const MODES: readonly Mode[] = [
  { name: 'full recompute', create: (doc) => new FullRecomputePartitionMap(doc) },
  { name: 'incremental', create: (doc) => new PartitionMap(doc) },
]

/** Sections of a heading and 5-15 paragraphs, every fourth block of them a list of 2-6 items. */
const buildDocument = (rng: Prng, doc: DocumentReplica): void => {
  let blocks = 0
  while (blocks < BLOCKS) {
    doc.insertBlock({ parent: ROOT_ID, type: 'heading', text: 'Section', props: { level: 2 } })
    blocks++
    for (let i = int(rng, 5, 15); i > 0 && blocks < BLOCKS; i--) {
      if (i % 4 !== 0) {
        doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: 'Some text here' })
        blocks++
        continue
      }
      const list = doc.insertBlock({ parent: ROOT_ID, type: 'list' }).op.block
      blocks++
      for (let k = int(rng, 2, 6); k > 0 && blocks < BLOCKS; k--, blocks++)
        doc.insertBlock({ parent: list, type: 'list_item', text: 'item' })
    }
  }
}

/** One structure op of a random kind; keeps the document near its size (inserts ≈ deletes). */
const structureOp = (rng: Prng, doc: DocumentReplica): Kind => {
  const tops = doc.children(ROOT_ID)
  const top = (): BlockId => pick(rng, tops)
  const kind = pick(rng, KINDS)
  switch (kind) {
    case 'insert top':
      doc.insertBlock({ parent: ROOT_ID, after: top(), type: 'paragraph', text: 'new' })
      break
    case 'delete top': {
      // delete childless blocks, so that a delete takes about as many blocks as an insert adds
      let victim = top()
      for (let i = 0; i < 5 && doc.children(victim).length > 0; i++) victim = top()
      doc.deleteBlock(victim)
      break
    }
    case 'move top':
      doc.moveBlock(top(), { parent: ROOT_ID, after: top() })
      break
    case 'split top': {
      const block = top()
      doc.splitBlock(block, int(rng, 0, doc.text(block).length))
      // a split adds a block: take one away elsewhere, as a merge would
      doc.deleteBlock(top())
      break
    }
    case 'retype top': {
      const block = top()
      doc.setProperty(block, 'type', doc.type(block) === 'heading' ? 'paragraph' : 'heading')
      break
    }
    case 'insert item': {
      const lists = tops.filter((b) => doc.children(b).length > 0)
      const list = lists.length > 0 && bool(rng, 0.95) ? pick(rng, lists) : top()
      doc.insertBlock({ parent: list, type: 'list_item', text: 'item' })
      break
    }
  }
  return kind
}

interface Measured {
  readonly update: Map<Kind, number[]>
  readonly applyMs: number
  readonly partitions: unknown
  readonly versions: number
}

const measure = (mode: Mode): Measured => {
  const rng = createPrng(SEED)
  let time = 1_000_000
  const doc = new DocumentReplica({ replica: 1, now: () => time++, random: () => rng.next() })
  buildDocument(rng, doc)
  const map = mode.create(doc)
  map.update()
  const update = new Map<Kind, number[]>(KINDS.map((k) => [k, []]))
  let applyMs = 0
  let versions = 0
  for (let i = 0; i < WARMUP + OPS; i++) {
    const t0 = performance.now()
    const kind = structureOp(rng, doc)
    const t1 = performance.now()
    const changed = map.update()
    const t2 = performance.now()
    if (i < WARMUP) continue
    applyMs += t1 - t0
    if (changed) versions++
    update.get(kind)!.push((t2 - t1) * 1000)
  }
  return { update, applyMs, partitions: map.partitions, versions }
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
const quantile = (xs: readonly number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}
const fmt = (n: number): string => n.toFixed(1).padStart(8)

/** No map at all: what applying the ops costs without a change listener. */
const NO_MAP: Mode = { name: 'no map', create: () => ({ update: () => false, partitions: [] }) }

const results = [...MODES, NO_MAP].map((mode) => {
  measure(mode) // a whole untimed round first, so that every mode runs JIT-compiled code
  return measure(mode)
})
const [full, incremental, none] = results as [Measured, Measured, Measured]
const same = JSON.stringify(full.partitions) === JSON.stringify(incremental.partitions)

console.log(`partition map update, ${BLOCKS}-block document, ${OPS} structure ops, seed ${SEED}`)
console.log(
  `same partitions at the end: ${same}; new versions: ${full.versions} (full), ${incremental.versions} (incremental)`,
)
console.log('')
console.log(
  `${'op kind'.padEnd(14)}${'ops'.padStart(6)} │ µs/update: full mean     p50     p99 │ incremental mean     p50     p99 │ speed-up`,
)
const row = (label: string, f: number[], inc: number[]): void => {
  console.log(
    `${label.padEnd(14)}${String(f.length).padStart(6)} │ ${' '.repeat(10)}${fmt(mean(f))}${fmt(quantile(f, 0.5))}${fmt(quantile(f, 0.99))} │ ${' '.repeat(8)}${fmt(mean(inc))}${fmt(quantile(inc, 0.5))}${fmt(quantile(inc, 0.99))} │ ${(mean(f) / mean(inc)).toFixed(1).padStart(7)}×`,
  )
}
for (const kind of KINDS) row(kind, full.update.get(kind)!, incremental.update.get(kind)!)
row('all', [...full.update.values()].flat(), [...incremental.update.values()].flat())
console.log('')
const perOp = (ms: number): string => ((ms * 1000) / OPS).toFixed(1)
console.log(
  `applying the ops, µs/op: ${perOp(none.applyMs)} with no map, ${perOp(incremental.applyMs)} with the incremental map's change listener (${perOp(full.applyMs)} beside the full recompute, whose garbage the collector takes here)`,
)
