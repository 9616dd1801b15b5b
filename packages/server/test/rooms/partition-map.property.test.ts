/**
 * The incremental partition map against the full recomputation (partition-map-reference.ts):
 * random ops on a real `DocumentReplica` — inserts, deletes, moves, splits and merges at the top
 * level and nested, heading/paragraph/slide type changes, text edits — from the document's own
 * replica and from a second one whose ops arrive late (older stamps: the move tree undoes and
 * redoes around them). After each op both maps update (or, now and then, wait for a later op,
 * as the room defers nested structure changes) with the same blocks moved by the op, and must
 * agree on everything: the answer, the version, every partition, and every block's partition.
 *
 * Seeded: prints its seed; `SEED=n npx vitest run test/rooms/partition-map.property.test.ts`
 * replays one.
 */
import { type BlockId, DocumentReplica, type Envelope, ROOT_ID } from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import {
  bool,
  createPrng,
  int,
  type Prng,
  pick,
  seedFromEnv,
  word,
} from '../../../../test-support/prng.js'
import { type PartitionLimits, PartitionMap } from '../../src/rooms/partition-map.js'
import { FullRecomputePartitionMap } from './partition-map-reference.js'

const liveBlocks = (doc: DocumentReplica): BlockId[] => {
  const out: BlockId[] = []
  const visit = (block: BlockId): void => {
    for (const child of doc.children(block)) {
      out.push(child)
      visit(child)
    }
  }
  visit(ROOT_ID)
  return out
}

const randomType = (rng: Prng): string => {
  const roll = rng.next()
  return roll < 0.3 ? 'heading' : roll < 0.33 ? 'slide' : roll < 0.4 ? 'list' : 'paragraph'
}

/** Somewhere to put a block: the top level more often than not, or under a live block. */
const randomPlace = (rng: Prng, doc: DocumentReplica, live: BlockId[], moving?: BlockId) => {
  const parent = live.length === 0 || bool(rng, 0.6) ? ROOT_ID : pick(rng, live)
  const siblings = doc.children(parent).filter((b) => b !== moving)
  const after = siblings.length === 0 || bool(rng, 0.1) ? null : pick(rng, siblings)
  return { parent, after }
}

/** One random edit by `doc`; its envelope reaches the other replica through `onLocalOp`. */
const randomEdit = (rng: Prng, doc: DocumentReplica): void => {
  const live = liveBlocks(doc)
  const roll = rng.next()
  if (live.length < 3 || roll < 0.4) {
    const text = word(rng, 0, 6)
    doc.insertBlock({ ...randomPlace(rng, doc, live), type: randomType(rng), text })
    return
  }
  const block = pick(rng, live)
  if (roll < 0.5) doc.deleteBlock(block)
  else if (roll < 0.66) doc.moveBlock(block, randomPlace(rng, doc, live, block))
  else if (roll < 0.74) doc.splitBlock(block, int(rng, 0, doc.text(block).length))
  else if (roll < 0.8) {
    const parent = doc.parent(block)!
    const siblings = doc.children(parent)
    const at = siblings.indexOf(block)
    const into = at > 0 && bool(rng, 0.8) ? siblings[at - 1]! : pick(rng, live)
    if (into !== block) doc.mergeBlocks(into, block)
  } else if (roll < 0.9) doc.setProperty(block, 'type', randomType(rng))
  else doc.insertText(block, 0, word(rng))
}

/** The blocks an op carries to another place: what the room passes as `movedByOp`. */
const movedBy = (envelope: Envelope): Set<BlockId> => {
  const op = envelope.op
  if (op.kind === 'move_block') return new Set([op.block])
  if (op.kind === 'merge_blocks') return new Set(op.children.map((c) => c.block))
  return new Set()
}

const run = (seed: number, steps: number, limits: PartitionLimits): void => {
  const rng = createPrng(seed)
  let time = 1_000_000
  const server = new DocumentReplica({
    replica: 1,
    now: () => time,
    random: () => rng.next(),
    reportRejectionsOf: 'all',
  })
  // the second replica's clock runs behind: its ops arrive older than ops already applied
  const client = new DocumentReplica({
    replica: 2,
    now: () => time - 500,
    random: () => rng.next(),
  })
  const toClient: Envelope[] = []
  const toServer: Envelope[] = []
  const fromServer: Envelope[] = []
  server.onLocalOp((e) => {
    toClient.push(e)
    fromServer.push(e)
  })
  client.onLocalOp((e) => toServer.push(e))
  const known = new Set<BlockId>()
  server.onChange((event) => {
    for (const block of event.blocks) known.add(block)
  })
  const initialEdits = int(rng, 10, 40)
  for (let i = 0; i < initialEdits; i++) randomEdit(rng, server)

  const incremental = new PartitionMap(server, limits)
  const reference = new FullRecomputePartitionMap(server, limits)
  const compare = (step: number, moved: ReadonlySet<BlockId>): void => {
    const label = `seed ${seed}, step ${step}`
    expect(incremental.update(moved), label).toBe(reference.update(moved))
    expect(incremental.version, label).toBe(reference.version)
    expect(incremental.partitions, label).toEqual(reference.partitions)
    for (const p of reference.partitions) {
      expect(incremental.get(p.id), label).toEqual(p)
      expect(incremental.blocksOf(p.id), label).toEqual(reference.blocksOf(p.id))
    }
    for (const block of known)
      expect(incremental.partitionOf(block), `${label}, ${block}`).toBe(
        reference.partitionOf(block),
      )
  }
  compare(0, new Set())

  for (let step = 1; step <= steps; step++) {
    time += int(rng, 0, 3)
    const roll = rng.next()
    let moved = new Set<BlockId>()
    if (roll < 0.55) {
      fromServer.length = 0
      randomEdit(rng, server)
      if (fromServer[0] !== undefined) moved = movedBy(fromServer[0])
    } else if (roll < 0.8) {
      randomEdit(rng, client)
      continue
    } else if (roll < 0.92 && toServer.length > 0) {
      const envelope = toServer.shift()!
      server.apply([envelope])
      moved = movedBy(envelope)
    } else {
      client.apply(toClient.splice(0, int(rng, 1, Math.max(1, toClient.length))))
      continue
    }
    // the room re-cuts at once for top-level changes and defers nested ones to its next flush
    if (bool(rng, 0.8)) compare(step, moved)
  }
  compare(steps + 1, new Set())
}

const LIMITS: PartitionLimits[] = [
  { minBlocks: 4, maxBlocks: 12 },
  { minBlocks: 10, maxBlocks: 30 },
]
const SEEDS = process.env.SEED === undefined ? [1, 2, 3, 4, 5, 6, 7, 8] : [seedFromEnv(1)]

describe('incremental partition map', () => {
  it.each(SEEDS)(
    'PART-1, PART-2: equals the full recomputation after every op (seed %i)',
    (seed) => {
      console.log(`partition-map property: SEED=${seed}`)
      for (const limits of LIMITS) {
        try {
          run(seed, 400, limits)
        } catch (error) {
          console.error(
            `partition-map property failed (limits ${limits.minBlocks}-${limits.maxBlocks}): replay with SEED=${seed}`,
          )
          throw error
        }
      }
    },
  )
})
