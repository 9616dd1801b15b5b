/**
 * The partition map: the document cut into partitions, each a contiguous run of top-level
 * blocks with all their descendants — by heading section for docs, by slide for decks.
 *
 * Cuts are kept between recomputations (a partition only changes when it must) so that a
 * small edit does not reshuffle every session's subscriptions: a partition that grew past
 * `maxBlocks` is split at its best section boundary (or anywhere, in a section that long), one
 * that shrank under `minBlocks / 2` is merged into its neighbour. A partition that took over
 * blocks by such a re-cut gets a new id, so a client that had it knows to catch up again
 * (DELIVERY-3).
 *
 * Invariants: every live block belongs to exactly one partition; partitions are in document
 * order; ids are unique within a map version.
 */
import { type BlockId, type PartitionId, ROOT_ID, TRASH_ID } from '@markdownsync/core'
import { mergeSmall, type Run, splitIfLarge } from './partitions/cutting.js'
import { type PreviousMap, runsAfterChanges, runsOfAllTops } from './partitions/runs.js'
import {
  type TopLevelChanges,
  TopLevelIndex,
  type TreeSource,
} from './partitions/top-level-index.js'

/** What the map reads of the document (a `DocumentReplica` is one), change events included. */
export type PartitionSource = TreeSource

export interface PartitionLimits {
  readonly minBlocks: number
  readonly maxBlocks: number
}

/** The cut of the first partition: wherever the document starts. */
const DOCUMENT_START = '^'

const NOTHING_MOVED: ReadonlySet<BlockId> = new Set()

export const DEFAULT_PARTITION_LIMITS: PartitionLimits = { minBlocks: 50, maxBlocks: 200 }

export interface Partition {
  readonly id: PartitionId
  /** Top-level blocks, in order. */
  readonly top: readonly BlockId[]
  /** Blocks in the partition, descendants included. */
  readonly size: number
}

export class PartitionMap {
  version = 0
  partitions: Partition[] = []
  private readonly tops: TopLevelIndex
  private readonly partitionOfTop = new Map<BlockId, PartitionId>()
  private readonly byId = new Map<PartitionId, Partition>()
  /** Each partition by its cut (`DOCUMENT_START` for the first), to keep ids across updates. */
  private readonly byCut = new Map<string, Partition>()
  private readonly indexOfCut = new Map<BlockId, number>()
  private readonly indexOfId = new Map<PartitionId, number>()
  private nextId = 0

  /** Follows the document's changes from now on (`close` stops that). */
  constructor(
    private readonly source: PartitionSource,
    private readonly limits: PartitionLimits = DEFAULT_PARTITION_LIMITS,
  ) {
    this.tops = new TopLevelIndex(source)
  }

  get(id: PartitionId): Partition | undefined {
    return this.byId.get(id)
  }

  /** The partition of a block now, or undefined (unknown, deleted, a root). */
  partitionOf(block: BlockId): PartitionId | undefined {
    let top = block
    for (let depth = 0; depth < 10_000; depth++) {
      const parent = this.source.parent(top)
      if (parent === undefined || parent === TRASH_ID) return undefined
      if (parent === ROOT_ID) return this.partitionOfTop.get(top)
      top = parent
    }
    return undefined
  }

  /** Every block of a partition in document order (pre-order), descendants included. */
  blocksOf(id: PartitionId): BlockId[] {
    const partition = this.byId.get(id)
    if (partition === undefined) return []
    const out: BlockId[] = []
    const visit = (block: BlockId): void => {
      out.push(block)
      for (const child of this.source.children(block)) visit(child)
    }
    for (const top of partition.top) visit(top)
    return out
  }

  /**
   * Brings the map up to date with the document; true when a partition came or went (a new
   * version). `movedByOp`: top-level blocks the op being sequenced moved, whose content
   * relocation catch-up brings to the sessions that lack it (so they cost no partition a new id).
   *
   * It costs what changed since the last update: the subtrees that changed are walked again
   * (TopLevelIndex), the runs that lost or gained blocks are read again (runsAfterChanges), and
   * the indexes change only for partitions that changed. The result is the full recomputation's
   * (test/rooms/partition-map-reference.ts, checked op by op by the property test).
   */
  update(movedByOp: ReadonlySet<BlockId> = NOTHING_MOVED): boolean {
    const changes = this.tops.refresh()
    const runs =
      (this.partitions.length === 0 ? undefined : this.runsAfter(changes)) ??
      runsOfAllTops(this.source.children(ROOT_ID), new Set(this.indexOfCut.keys()), this.tops)
    const cut = mergeSmall(
      runs.flatMap((run) => splitIfLarge(run, this.limits, this.tops)),
      this.limits,
    )
    const changed = this.assignIds(cut, movedByOp, changes.reordered)
    if (changed) this.version++
    return changed
  }

  /** Stops following the document's changes. */
  close(): void {
    this.tops.close()
  }

  private runsAfter(changes: TopLevelChanges): Run[] | undefined {
    const previous: PreviousMap = {
      partitions: this.partitions,
      indexOfCut: this.indexOfCut,
      indexOfTop: (top) => {
        const id = this.partitionOfTop.get(top)
        return id === undefined ? undefined : this.indexOfId.get(id)
      },
    }
    return runsAfterChanges(
      previous,
      changes,
      () => this.source.children(ROOT_ID),
      (block) => this.source.parent(block) === ROOT_ID,
      this.tops,
    )
  }

  /**
   * A partition keeps its id while it starts at the same cut (the document start for the first)
   * and holds no top-level block that the previous map put in another partition, except blocks
   * an op moved: blocks that ops insert reach its subscribers through the ops themselves, blocks
   * they move by relocation catch-up. A partition that took over another's blocks by a re-cut
   * (a merge, a new cut, or a cut whose block was deleted or moved, which leaves its blocks to
   * the partition before) gets a new id, so its subscribers catch up.
   */
  private assignIds(
    runs: readonly Run[],
    movedByOp: ReadonlySet<BlockId>,
    reordered: ReadonlySet<BlockId>,
  ): boolean {
    let changed = runs.length !== this.partitions.length
    const partitions = runs.map((run, index): Partition => {
      const before = this.byCut.get(index === 0 ? DOCUMENT_START : run.top[0]!)
      if (before !== undefined && !this.absorbed(run, before, movedByOp)) {
        const same = run.unchanged === before && run.size === before.size
        return same ? before : { id: before.id, top: run.top, size: run.size }
      }
      changed = true
      return { id: `p${(this.nextId++).toString(36)}`, top: run.top, size: run.size }
    })
    this.reindex(partitions, runs, reordered)
    return changed
  }

  /** Whether a run holds a block the previous map put in a partition other than `before`. */
  private absorbed(run: Run, before: Partition, movedByOp: ReadonlySet<BlockId>): boolean {
    // a run that is a previous partition exactly: all its blocks were in that one
    if (run.unchanged !== undefined)
      return run.unchanged !== before && run.top.some((top) => !movedByOp.has(top))
    // `partitionOfTop` still holds the previous map here
    return run.top.some((top) => {
      if (movedByOp.has(top)) return false
      const was = this.partitionOfTop.get(top)
      return was !== undefined && was !== before.id
    })
  }

  /** The indexes for the new partitions, touching only what changed. */
  private reindex(
    partitions: Partition[],
    runs: readonly Run[],
    reordered: ReadonlySet<BlockId>,
  ): void {
    const ids = new Set(partitions.map((p) => p.id))
    for (const p of this.partitions) if (!ids.has(p.id)) this.byId.delete(p.id)
    partitions.forEach((p, index) => {
      this.byId.set(p.id, p)
      if (runs[index]!.unchanged?.id === p.id) return
      for (const top of p.top) this.partitionOfTop.set(top, p.id)
    })
    for (const block of reordered)
      if (this.source.parent(block) !== ROOT_ID) this.partitionOfTop.delete(block)
    this.partitions = partitions
    this.indexOfCut.clear()
    this.indexOfId.clear()
    this.byCut.clear()
    partitions.forEach((p, index) => {
      this.indexOfCut.set(p.top[0]!, index)
      this.indexOfId.set(p.id, index)
      this.byCut.set(index === 0 ? DOCUMENT_START : p.top[0]!, p)
    })
  }
}
