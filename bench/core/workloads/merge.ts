/**
 * Workload 6, merging two replicas. Both start from the same 2,000-block document; each makes
 * 20,000 local moves from its own script while both clocks advance together (so the two
 * replicas' op ids interleave, the worst case for the undo/redo log); then each receives the
 * other's 20,000 ops in one batch. Timed: that batch apply (ours `applyMany`, Loro `import` of
 * the other's update). Checked: both replicas end identical.
 *
 * The two CRDTs resolve conflicting moves differently (ours: MOVE-2, the older concurrent move
 * of a block wins and later moves that built on the loser lose too; Loro: every move applies in
 * Lamport order), so their final trees differ from each other; each pair must agree.
 */
import { type BlockId, createClock, type MoveTree, type TreeOp } from '@markdownsync/core'
import { freeLoro, type LoroReplica, loroFrom, loroMove, loroReplicaOf } from '../loro.js'
import { perSecond, repeatTogether } from '../measure.js'
import { generateMoves, type MoveScript } from '../move-script.js'
import { blockIds, creationOps, scriptedMove, treeFrom } from '../ours.js'
import { seededRandom } from '../random.js'
import type { Row } from '../report.js'
import type { Settings } from '../settings.js'
import { documentShape } from '../shape.js'
import { DOCUMENT_BLOCKS } from './local-moves.js'

const sameTrees = (a: MoveTree, b: MoveTree, ids: readonly BlockId[]): boolean =>
  ids.every(
    (id) =>
      a.parentOf(id) === b.parentOf(id) &&
      a.keyOf(id) === b.keyOf(id) &&
      a.registerOf(id) === b.registerOf(id),
  )

interface MergeRun {
  readonly ms: number
  readonly identical: boolean
  readonly facts: Record<string, number>
}

const runOurs = (
  ids: readonly BlockId[],
  creations: readonly TreeOp[],
  scripts: readonly [MoveScript, MoveScript],
  seed: number,
): MergeRun => {
  // one shared fake wall clock: tick by tick, the two replicas' ids alternate
  let now = 1_800_000_000_000
  const clocks = [createClock(1, { now: () => now }), createClock(2, { now: () => now })]
  const trees = [treeFrom(creations), treeFrom(creations)]
  const randoms = [seededRandom(seed), seededRandom(seed + 1)]
  const ops: TreeOp[][] = [[], []]
  const count = scripts[0].length
  for (let i = 0; i < count; i++) {
    now++
    for (const r of [0, 1]) {
      const op = scriptedMove(trees[r]!, ids, scripts[r]!, i, clocks[r]!, randoms[r]!)
      trees[r]!.apply(op)
      ops[r]!.push(op)
    }
  }
  const startA = performance.now()
  trees[0]!.applyMany(ops[1]!)
  const msA = performance.now() - startA
  const startB = performance.now()
  trees[1]!.applyMany(ops[0]!)
  const msB = performance.now() - startB
  const outcomes: Record<string, number> = {}
  for (const op of trees[0]!.loggedOps()) {
    for (const outcome of trees[0]!.outcomesOf(op.id) ?? [])
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
  }
  return {
    ms: (msA + msB) / 2,
    identical: sameTrees(trees[0]!, trees[1]!, ids),
    facts: { mergeMsA: msA, mergeMsB: msB, ...outcomes },
  }
}

const runLoro = (initial: LoroReplica, scripts: readonly [MoveScript, MoveScript]): MergeRun => {
  const replicas = [loroReplicaOf(initial, 1n), loroReplicaOf(initial, 2n)]
  const start = replicas.map((r) => r.doc.oplogVersion())
  let refused = 0
  for (let i = 0; i < scripts[0].length; i++) {
    for (const r of [0, 1]) {
      if (!loroMove(replicas[r]!, scripts[r]!, i)) refused++
      replicas[r]!.doc.commit()
    }
  }
  const updates = replicas.map((r, k) => r.doc.export({ mode: 'update', from: start[k]! }))
  const startA = performance.now()
  replicas[0]!.doc.import(updates[1]!)
  const msA = performance.now() - startA
  const startB = performance.now()
  replicas[1]!.doc.import(updates[0]!)
  const msB = performance.now() - startB
  const identical =
    JSON.stringify(replicas[0]!.tree.toJSON()) === JSON.stringify(replicas[1]!.tree.toJSON())
  for (const v of start) v.free()
  for (const replica of replicas) freeLoro(replica)
  return {
    ms: (msA + msB) / 2,
    identical,
    facts: {
      mergeMsA: msA,
      mergeMsB: msB,
      updateBytes: updates[0]!.length,
      refusedLocally: refused,
    },
  }
}

export const merge = (settings: Settings): Row => {
  const shape = documentShape(DOCUMENT_BLOCKS, settings.seed)
  const ids = blockIds(DOCUMENT_BLOCKS, settings.seed + 1)
  const count = settings.mergeMoves
  const scripts: [MoveScript, MoveScript] = [
    generateMoves(shape, count, settings.seed + 50),
    generateMoves(shape, count, settings.seed + 51),
  ]
  const creations = creationOps(shape, ids, createClock(9, { now: () => 1 }), seededRandom(52))
  const initial = loroFrom(shape, 9n)
  let oursFacts: Record<string, number | boolean> = {}
  let loroFacts: Record<string, number | boolean> = {}
  const { ours, loro } = repeatTogether(settings.repetitions, {
    ours: () => {
      const run = runOurs(ids, creations, scripts, settings.seed + 53)
      oursFacts = { ...run.facts, identical: run.identical }
      return { value: perSecond(count, run.ms) }
    },
    loro: () => {
      const run = runLoro(initial, scripts)
      loroFacts = { ...run.facts, identical: run.identical }
      return { value: perSecond(count, run.ms) }
    },
  })
  freeLoro(initial)
  return {
    id: 'merge',
    label: `merge 2 × ${count.toLocaleString('en-US')} concurrent moves`,
    unit: 'ops/s',
    better: 'higher',
    ours: { ...ours, facts: { ...oursFacts, mergeMsMedian: (count * 1000) / ours.median } },
    loro: { ...loro, facts: { ...loroFacts, mergeMsMedian: (count * 1000) / loro.median } },
    targets: [{ text: '≥ Loro', met: ours.median >= loro.median }],
    notes: [
      'figure: the other replica’s ops divided by the time to integrate them, mean of both directions',
    ],
  }
}
