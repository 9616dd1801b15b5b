/**
 * The size rules of the partition map, over runs of top-level blocks: a run over `maxBlocks`
 * is split at its best section boundaries, one under half of `minBlocks` joins its neighbour.
 * They work on whole runs with their sizes and look at single blocks only to split, so a re-cut
 * costs what changed (see partition-map.ts for when runs keep their ids).
 */
import type { BlockId } from '@markdownsync/core'
import type { Partition, PartitionLimits } from '../partition-map.js'

/** A run of top-level blocks that becomes one partition. */
export interface Run {
  readonly top: readonly BlockId[]
  /** Blocks in the run, descendants included. */
  readonly size: number
  /** The previous partition this run is exactly (same blocks), when it is one. */
  readonly unchanged?: Partition
}

/** What the rules read of a top-level block. */
export interface TopSizes {
  sizeOf(top: BlockId): number
  /** Whether a partition may start here (a heading for docs, a slide for decks). */
  isBoundary(top: BlockId): boolean
}

/** A run over `maxBlocks` is cut into pieces of about the target size (see `pieceEnd`). */
export const splitIfLarge = (run: Run, limits: PartitionLimits, tops: TopSizes): Run[] => {
  if (run.size <= limits.maxBlocks) return [run]
  const out: Run[] = []
  for (let start = 0; start < run.top.length; ) {
    const end = pieceEnd(run.top, start, limits, tops)
    const top = run.top.slice(start, end)
    out.push({ top, size: top.reduce((n, t) => n + tops.sizeOf(t), 0) })
    start = end
  }
  return out
}

/**
 * Where a piece starting at `start` ends: at the first section boundary once it holds the
 * target size (halfway between the limits); in a section too long for that, at the target
 * size itself. Cutting a long section at `maxBlocks` instead left a piece of a block or two
 * that the next partition absorbed, and every insert moved that cut again (found by the
 * convergence e2e test, seed 7: a partition id per insert, a catch-up storm).
 */
const pieceEnd = (
  run: readonly BlockId[],
  start: number,
  limits: PartitionLimits,
  tops: TopSizes,
): number => {
  const target = (limits.minBlocks + limits.maxBlocks) / 2
  let size = 0
  let atTarget: number | undefined
  for (let i = start; i < run.length; i++) {
    const top = run[i]!
    const unitSize = tops.sizeOf(top)
    if (i > start) {
      if (size >= target && tops.isBoundary(top)) return i
      if (size >= target) atTarget ??= i
      if (size + unitSize > limits.maxBlocks) return atTarget ?? i
    }
    size += unitSize
  }
  return run.length
}

/** A run under half of `minBlocks` joins its previous neighbour (or the next one). */
export const mergeSmall = (runs: readonly Run[], limits: PartitionLimits): Run[] => {
  const small = limits.minBlocks / 2
  const out: Run[] = []
  for (const run of runs) {
    const previous = out[out.length - 1]
    if (
      previous !== undefined &&
      (run.size < small || previous.size < small) &&
      previous.size + run.size <= limits.maxBlocks
    )
      out[out.length - 1] = { top: [...previous.top, ...run.top], size: previous.size + run.size }
    else out.push(run)
  }
  return out
}
