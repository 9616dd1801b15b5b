/**
 * Runs at the previous cuts: each cut of the previous map that is still a top-level block starts
 * a run that holds the blocks up to the next cut. A cut stays where it is even when it is not a
 * boundary any more (a long section cut anywhere, a heading made a paragraph): moving it would
 * hand blocks to another partition at every edit (found by the convergence e2e test, seed 7: a
 * 200-block section re-cut one block further on each insert).
 */
import type { BlockId } from '@markdownsync/core'
import type { Partition } from '../partition-map.js'
import type { Run, TopSizes } from './cutting.js'
import type { TopLevelChanges } from './top-level-index.js'

/** The runs of every top-level block (blocks before the first cut make a run of their own). */
export const runsOfAllTops = (
  tops: readonly BlockId[],
  cuts: ReadonlySet<BlockId>,
  sizes: TopSizes,
): Run[] => {
  const runs: Array<{ top: BlockId[]; size: number }> = []
  for (const top of tops) {
    if (runs.length === 0 || cuts.has(top)) runs.push({ top: [], size: 0 })
    const run = runs[runs.length - 1]!
    run.top.push(top)
    run.size += sizes.sizeOf(top)
  }
  return runs
}

/** The previous map, indexed for `runsAfterChanges`. */
export interface PreviousMap {
  readonly partitions: readonly Partition[]
  /** Index in `partitions` of each partition's first block. */
  readonly indexOfCut: ReadonlyMap<BlockId, number>
  /** Index in `partitions` of the partition each top-level block was in. */
  indexOfTop(top: BlockId): number | undefined
}

/**
 * The same runs as `runsOfAllTops`, from the previous map and what changed since: a run that
 * lost, gained or reordered a block is read again from the document, every other one is the
 * previous partition with its size adjusted. Undefined when a cut itself changed place (or a
 * block arrived before the first cut): then only the full regrouping knows the runs.
 */
export const runsAfterChanges = (
  previous: PreviousMap,
  changes: TopLevelChanges,
  tops: () => readonly BlockId[],
  isTop: (block: BlockId) => boolean,
  sizes: TopSizes,
): Run[] | undefined => {
  const reread = new Set<number>()
  for (const block of changes.reordered) {
    if (previous.indexOfCut.has(block)) return undefined
    const was = previous.indexOfTop(block)
    if (was !== undefined) reread.add(was)
    if (!isTop(block)) continue
    const now = runAround(tops(), block, previous.indexOfCut)
    if (now === undefined) return undefined
    reread.add(now)
  }
  const grown = new Map<number, number>()
  for (const [top, delta] of changes.resized) {
    const index = previous.indexOfTop(top)
    if (index !== undefined && !reread.has(index)) grown.set(index, (grown.get(index) ?? 0) + delta)
  }
  return previous.partitions.map((partition, index): Run => {
    if (reread.has(index)) return runFrom(tops(), partition.top[0]!, previous.indexOfCut, sizes)
    return {
      top: partition.top,
      size: partition.size + (grown.get(index) ?? 0),
      unchanged: partition,
    }
  })
}

/** The index of the run a top-level block is in now: that of the nearest cut before it. */
const runAround = (
  tops: readonly BlockId[],
  block: BlockId,
  indexOfCut: ReadonlyMap<BlockId, number>,
): number | undefined => {
  for (let i = tops.indexOf(block) - 1; i >= 0; i--) {
    const index = indexOfCut.get(tops[i]!)
    if (index !== undefined) return index
  }
  return undefined
}

/** The run that starts at a cut: the blocks up to the next cut. */
const runFrom = (
  tops: readonly BlockId[],
  cut: BlockId,
  indexOfCut: ReadonlyMap<BlockId, number>,
  sizes: TopSizes,
): Run => {
  const start = tops.indexOf(cut)
  let end = start + 1
  while (end < tops.length && !indexOfCut.has(tops[end]!)) end++
  const top = tops.slice(start, end)
  return { top, size: top.reduce((n, t) => n + sizes.sizeOf(t), 0) }
}
