/**
 * Workload 2, remote moves out of order. A replica keeps extending its log with local moves;
 * after each, a remote move arrives whose id sorts exactly `depth` entries before the end of
 * the log, and is applied alone, so the tree undoes `depth` entries, applies it and redoes
 * them (Kleppmann et al. 2022 §3). Only that remote apply is timed.
 *
 * Ours: the remote id is the HLC stamp of the local op `depth` rounds back with a higher
 * replica id, which sorts right after it. Loro: peer 2 sees peer 1's changes `depth + 1`
 * rounds late, so each of its moves gets the Lamport timestamp of peer 1's move `depth` rounds
 * back and sorts right after it (ties go to the higher peer); peer 1 imports it as a
 * one-change update. Both replicas reorder top-level blocks only (a random block of their own
 * half to a random slot), so no move conflicts with another and every remote move applies.
 */
import { type BlockId, createClock, type Hlc, hlcToString, ROOT_ID, tick } from '@markdownsync/core'
import { freeLoro, type LoroReplica, loroFrom, loroReplicaOf } from '../loro.js'
import { perSecond, repeat, type Summary } from '../measure.js'
import { blockIds, creationOps, slotMove, treeFrom } from '../ours.js'
import { randomInt, seededRandom } from '../random.js'
import type { Row } from '../report.js'
import type { Settings } from '../settings.js'
import { type DocumentShape, documentShape, topLevelBlocks } from '../shape.js'
import { DOCUMENT_BLOCKS } from './local-moves.js'

interface Halves {
  readonly top: readonly number[]
  readonly local: readonly number[]
  readonly remote: readonly number[]
}

const halves = (shape: DocumentShape): Halves => {
  const top = topLevelBlocks(shape)
  return {
    top,
    local: top.filter((_, i) => i % 2 === 0),
    remote: top.filter((_, i) => i % 2 === 1),
  }
}

/** A block of `movers` and a slot among the other top-level blocks. */
const pickMove = (
  random: () => number,
  movers: readonly number[],
  topCount: number,
): [number, number] => [movers[randomInt(random, movers.length)]!, randomInt(random, topCount)]

const runOurs = (
  shape: DocumentShape,
  ids: readonly BlockId[],
  depth: number,
  count: number,
  seed: number,
): { ms: number; notApplied: number } => {
  const { top, local, remote } = halves(shape)
  const random = seededRandom(seed)
  const clock = createClock(1)
  const tree = treeFrom(creationOps(shape, ids, clock, random))
  const stamps: Hlc[] = []
  let ms = 0
  let notApplied = 0
  for (let round = 0; round < count + depth; round++) {
    const stamp = tick(clock)
    stamps.push(stamp)
    const [block, index] = pickMove(random, local, top.length)
    tree.apply(slotMove(tree, ids[block]!, ROOT_ID, index, hlcToString(stamp), random))
    if (round < depth) continue
    const past = stamps[round - depth]!
    const id = hlcToString({ ms: past.ms, counter: past.counter, replica: 2 })
    const [remoteBlock, remoteIndex] = pickMove(random, remote, top.length)
    const op = slotMove(tree, ids[remoteBlock]!, ROOT_ID, remoteIndex, id, random)
    // timed alone: the pair of timer reads adds ~0.07 µs (~5% of the in-order figure)
    const start = performance.now()
    const outcomes = tree.apply(op)
    ms += performance.now() - start
    if (outcomes?.[0] !== 'applied') notApplied++
  }
  return { ms, notApplied }
}

const loroStep = (replica: LoroReplica, [block, index]: [number, number]): void =>
  replica.nodes[block]!.move(undefined, index)

/** Exports what `replica` commits in `change`, as a one-change update. */
const committed = (replica: LoroReplica, change: () => void): Uint8Array => {
  const before = replica.doc.oplogVersion()
  change()
  replica.doc.commit()
  const update = replica.doc.export({ mode: 'update', from: before })
  before.free()
  return update
}

/**
 * Peer 2 sees peer 1's changes `lag` rounds late. With lag = depth + 1 each of its moves sorts
 * `depth` changes before peer 1's end; with lag 0 it has seen everything (no concurrency).
 */
const runLoro = (
  shape: DocumentShape,
  lag: number,
  count: number,
  seed: number,
): { ms: number; bytes: number } => {
  const { top, local, remote } = halves(shape)
  const random = seededRandom(seed)
  const a = loroFrom(shape, 1n)
  const b = loroReplicaOf(a, 2n)
  const fromA: Uint8Array[] = []
  let ms = 0
  let bytes = 0
  for (let round = 0; round < count + lag; round++) {
    fromA.push(committed(a, () => loroStep(a, pickMove(random, local, top.length))))
    // peer 2 starts moving only once it lags by `lag`: its Lamport clock then stays exactly
    // `lag` behind peer 1's (a move earlier would push it ahead for good)
    if (round < lag) continue
    b.doc.import(fromA[round - lag]!)
    const update = committed(b, () => loroStep(b, pickMove(random, remote, top.length)))
    bytes += update.length
    const start = performance.now()
    a.doc.import(update)
    ms += performance.now() - start
  }
  freeLoro(a)
  freeLoro(b)
  return { ms, bytes }
}

export const remoteMoves = (settings: Settings): Row[] => {
  const shape = documentShape(DOCUMENT_BLOCKS, settings.seed)
  const ids = blockIds(DOCUMENT_BLOCKS, settings.seed + 1)
  return Object.entries(settings.remoteMoves).map(([key, [oursCount, loroCount]]): Row => {
    const depth = Number(key)
    let notApplied = 0
    const ours = repeat(settings.repetitions, () => {
      const run = runOurs(shape, ids, depth, oursCount, settings.seed + 10 + depth)
      notApplied = run.notApplied
      return { value: perSecond(oursCount, run.ms) }
    })
    let bytes = 0
    const loroRun = (lag: number): Summary =>
      // no warm-up: Loro's import is compiled WASM, and one run takes a second or more
      repeat(
        settings.loroRemoteRepetitions,
        () => {
          const run = runLoro(shape, lag, loroCount, settings.seed + 10 + depth)
          bytes = run.bytes
          return { value: perSecond(loroCount, run.ms) }
        },
        0,
      )
    const loro = loroRun(depth + 1)
    // in order, also the causal case: peer 2 saw everything, so nothing is concurrent
    const causal: Record<string, number> =
      depth === 0 ? { causalImportsPerSecond: loroRun(0).median } : {}
    const history = DOCUMENT_BLOCKS + 2 * loroCount + depth + 1
    return {
      id: `remote-moves-depth-${depth}`,
      label: depth === 0 ? 'remote moves, in order' : `remote moves, depth ${depth}`,
      unit: 'moves/s',
      better: 'higher',
      ours: {
        ...ours,
        facts: {
          remoteMoves: oursCount,
          logEntries: DOCUMENT_BLOCKS + 2 * oursCount + depth,
          notApplied,
        },
      },
      loro: {
        ...loro,
        facts: {
          remoteMoves: loroCount,
          historyOps: history,
          meanUpdateBytes: Math.round(bytes / loroCount),
          ...causal,
        },
      },
      loroNote:
        '`doc.import` of a one-change update from a peer lagging depth + 1 changes behind, so its move sorts `depth` changes before the end; this includes decoding and version bookkeeping (ours gets a decoded op), and its cost grows with the history, so these lines compare import paths more than undo/redo',
      ...(depth === 20 ? { targets: [{ text: '≥ 20,000/s', met: ours.median >= 20_000 }] } : {}),
    }
  })
}
