/**
 * Catch-ups with and without the per-room cache (packages/server/src/rooms/catch-up-cache.ts):
 * 100 sessions, one after another, catch up on the same 200 blocks of a 2,000-block document
 * (the load benchmark's document), with edits to those blocks applied between them. A catch-up
 * is what the room does for a session: its `catch_up` frames (`catchUpFrames`), the cache
 * giving each block encoded once. Prints milliseconds per catch-up (median of the timed
 * rounds) and checks that every way produced the same bytes. A third way, `uncached-old`, redoes what `encodeText` did for a block without
 * text before it returned a constant (encode a throwaway Y.Doc), for the figure before both.
 *
 *   npx tsx bench/catch-up/run.ts          (from the repo root)
 *   SESSIONS=100 OPS_BETWEEN=1 ROUNDS=5 SEED=1 npx tsx bench/catch-up/run.ts
 */
import {
  type BlockId,
  DocumentReplica,
  type Envelope,
  encodeCatchUpBlock,
  importMarkdown,
  ROOT_ID,
} from '@markdownsync/core'
import * as Y from 'yjs'
import {
  type CatchUpSource,
  catchUpFrames,
  freshCatchUps,
} from '../../packages/server/src/rooms/catch-up.js'
import { CatchUpCache } from '../../packages/server/src/rooms/catch-up-cache.js'
import { median } from '../core/measure.js'
import { randomInt, seededRandom } from '../core/random.js'
import { generateDocument } from '../load/document.js'

const numberFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name]
  return raw === undefined || raw === '' ? fallback : Number(raw)
}

const SEED = numberFromEnv('SEED', 1)
const SESSIONS = numberFromEnv('SESSIONS', 100)
const OPS_BETWEEN = numberFromEnv('OPS_BETWEEN', 1)
const ROUNDS = numberFromEnv('ROUNDS', 5)
const DOCUMENT_BLOCKS = 2_000
const PARTITION_BLOCKS = 200

const preOrder = (replica: DocumentReplica): BlockId[] => {
  const out: BlockId[] = []
  const visit = (id: BlockId): void => {
    for (const child of replica.children(id)) {
      out.push(child)
      visit(child)
    }
  }
  visit(ROOT_ID)
  return out
}

/** Edits an editor makes in the partition: typing mostly, some deletes, properties, moves. */
const editsIn = (snapshot: Uint8Array, blocks: readonly BlockId[], count: number): Envelope[] => {
  const random = seededRandom(SEED + 1)
  const editor = DocumentReplica.fromSnapshot(snapshot, { replica: 2, random })
  const envelopes: Envelope[] = []
  for (let i = 0; i < count; i++) {
    const block = blocks[randomInt(random, blocks.length)]!
    const length = editor.text(block).length
    const roll = random()
    if (roll < 0.7) envelopes.push(editor.insertText(block, randomInt(random, length + 1), 'x'))
    else if (roll < 0.85 && length > 0)
      envelopes.push(editor.deleteText(block, randomInt(random, length), 1))
    else if (roll < 0.95) envelopes.push(editor.setProperty(block, 'checked', random() < 0.5))
    else {
      const sibling = blocks[randomInt(random, blocks.length)]!
      const parent = editor.parent(sibling)
      if (parent === undefined || sibling === block || editor.children(block).length > 0) continue
      envelopes.push(editor.moveBlock(block, { parent, after: sibling }))
    }
  }
  return envelopes
}

/** Fresh content, paying for the empty text as `encodeText` did before (a new Y.Doc each time). */
const freshWithOldEmptyText = (replica: DocumentReplica): CatchUpSource => {
  const fresh = freshCatchUps(replica)
  const block: CatchUpSource['block'] = (id, stateVector) => {
    const found = fresh.block(id, stateVector)
    if (found?.text?.length !== 2 || found.text[0] !== 0 || found.text[1] !== 0) return found
    return { ...found, text: Y.encodeStateAsUpdate(new Y.Doc()) }
  }
  return {
    block,
    encoded(id, stateVector) {
      const found = block(id, stateVector)
      return found === undefined ? undefined : encodeCatchUpBlock(found)
    },
  }
}

interface Round {
  readonly ms: number
  readonly bytes: number
  /** Every frame's bytes folded into one number, to compare the two ways. */
  readonly checksum: number
}

const round = (
  snapshot: Uint8Array,
  blocks: readonly BlockId[],
  ops: readonly Envelope[],
  source: (replica: DocumentReplica) => CatchUpSource,
): Round => {
  const server = DocumentReplica.fromSnapshot(snapshot, { replica: 3 })
  const content = source(server)
  let ms = 0
  let bytes = 0
  let checksum = 0
  for (let s = 0; s < SESSIONS; s++) {
    server.apply(ops.slice(s * OPS_BETWEEN, (s + 1) * OPS_BETWEEN))
    const t0 = performance.now()
    const frames = catchUpFrames(content, 'p1', blocks, { fromSeq: 0, toSeq: s })
    ms += performance.now() - t0
    for (const frame of frames) {
      bytes += frame.length
      for (const byte of frame) checksum = (Math.imul(checksum, 31) + byte) | 0
    }
  }
  return { ms, bytes, checksum }
}

const main = (): void => {
  const document = generateDocument(DOCUMENT_BLOCKS, SEED)
  const imported = importMarkdown(document.markdown, { replicaOptions: { replica: 1 } })
  if (!imported.ok) throw new Error(imported.error.message)
  const all = preOrder(imported.value.replica)
  const start = Math.floor((all.length - PARTITION_BLOCKS) / 2)
  const blocks = all.slice(start, start + PARTITION_BLOCKS)
  const snapshot = imported.value.replica.encodeSnapshot()
  const ops = editsIn(snapshot, blocks, SESSIONS * OPS_BETWEEN)
  const ways = {
    'uncached-old': freshWithOldEmptyText,
    uncached: freshCatchUps,
    cached: (replica: DocumentReplica) => new CatchUpCache(replica),
  } as const
  const results: Record<string, Round[]> = { 'uncached-old': [], uncached: [], cached: [] }
  // one warm-up round each, then the ways take turns (the machine is shared)
  for (let r = -1; r < ROUNDS; r++)
    for (const [name, source] of Object.entries(ways)) {
      const result = round(snapshot, blocks, ops, source)
      if (r >= 0) results[name]!.push(result)
    }
  console.log(
    `catch-up of ${blocks.length} blocks (of ${all.length}), ${SESSIONS} sessions, ` +
      `${ops.length} ops applied between them, ${ROUNDS} rounds, seed ${SEED}`,
  )
  const perCatchUp = (rounds: readonly Round[], pick: (r: Round) => number): number =>
    median(rounds.map(pick)) / SESSIONS
  const totals: Record<string, number> = {}
  for (const [name, rounds] of Object.entries(results)) {
    const total = perCatchUp(rounds, (r) => r.ms)
    totals[name] = total
    console.log(
      `${name.padEnd(12)} ${total.toFixed(3)} ms per catch-up, ` +
        `${Math.round(rounds[0]!.bytes / SESSIONS)} bytes`,
    )
  }
  console.log(
    `cached vs uncached ${(totals.uncached! / totals.cached!).toFixed(2)}×, ` +
      `vs uncached-old ${(totals['uncached-old']! / totals.cached!).toFixed(2)}×`,
  )
  const checksums = new Set(
    Object.values(results).flatMap((rounds) => rounds.map((r) => r.checksum)),
  )
  const same = checksums.size === 1
  console.log(`same bytes every way: ${same ? 'yes' : 'NO'}`)
  if (!same) process.exitCode = 1
}

main()
