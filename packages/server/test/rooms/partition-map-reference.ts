/**
 * The reference for the incremental partition map: the map as it was before it became
 * incremental, kept verbatim — every `update` recomputes units (subtree sizes included) from
 * the whole document, regroups, and rebuilds its indexes. The property test checks the
 * incremental map against it op by op; the micro-benchmark measures the two side by side.
 */
import { type BlockId, type PartitionId, ROOT_ID, TRASH_ID } from '@markdownsync/core'
import {
  DEFAULT_PARTITION_LIMITS,
  type Partition,
  type PartitionLimits,
} from '../../src/rooms/partition-map.js'

/** What the full recomputation reads of the document (no change events). */
export interface FullRecomputeSource {
  children(id: BlockId): readonly BlockId[]
  parent(id: BlockId): BlockId | undefined
  type(id: BlockId): string
}

/** The cut of the first partition: wherever the document starts. */
const DOCUMENT_START = '^'

interface Unit {
  readonly top: BlockId
  readonly size: number
  /** Whether a partition may start here (a heading for docs, a slide for decks). */
  readonly boundary: boolean
}

export class FullRecomputePartitionMap {
  version = 0
  partitions: Partition[] = []
  private readonly partitionOfTop = new Map<BlockId, PartitionId>()
  private readonly byId = new Map<PartitionId, Partition>()
  private nextId = 0

  constructor(
    private readonly source: FullRecomputeSource,
    private readonly limits: PartitionLimits = DEFAULT_PARTITION_LIMITS,
  ) {}

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
   * Recomputes the map from the document; true when a partition came or went (a new version).
   * `movedByOp`: top-level blocks the op being sequenced moved, whose content relocation
   * catch-up brings to the sessions that lack it (so they cost no partition a new id).
   */
  update(movedByOp: ReadonlySet<BlockId> = new Set()): boolean {
    const units = this.units()
    const previousCuts = new Set(this.partitions.map((p) => p.top[0]))
    // group units at the previous cuts that still exist, then repair sizes. A cut stays where it
    // is even when it is not a boundary (a long section cut anywhere, a heading made a
    // paragraph): moving it would hand blocks to another partition at every edit (found by the
    // convergence e2e test, seed 7: a 200-block section re-cut one block further on each insert)
    let groups: Unit[][] = []
    for (const unit of units) {
      if (groups.length === 0 || previousCuts.has(unit.top)) groups.push([unit])
      else groups[groups.length - 1]!.push(unit)
    }
    groups = groups.flatMap((g) => this.splitIfLarge(g))
    groups = this.mergeSmall(groups)
    const next: Partition[] = groups.map((group) => {
      const top = group.map((u) => u.top)
      const size = group.reduce((n, u) => n + u.size, 0)
      return { id: '', top, size }
    })
    const changed = this.assignIds(next, movedByOp)
    if (changed) this.version++
    return changed
  }

  private units(): Unit[] {
    const slides = this.source.children(ROOT_ID).some((id) => this.source.type(id) === 'slide')
    return this.source.children(ROOT_ID).map((top) => ({
      top,
      size: this.subtreeSize(top),
      boundary: slides ? this.source.type(top) === 'slide' : this.source.type(top) === 'heading',
    }))
  }

  private subtreeSize(block: BlockId): number {
    let n = 1
    for (const child of this.source.children(block)) n += this.subtreeSize(child)
    return n
  }

  /** A group over `maxBlocks` is cut into pieces of about the target size (see `pieceEnd`). */
  private splitIfLarge(group: Unit[]): Unit[][] {
    const total = group.reduce((n, u) => n + u.size, 0)
    if (total <= this.limits.maxBlocks) return [group]
    const out: Unit[][] = []
    for (let start = 0; start < group.length; ) {
      const end = this.pieceEnd(group, start)
      out.push(group.slice(start, end))
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
  private pieceEnd(group: readonly Unit[], start: number): number {
    const target = (this.limits.minBlocks + this.limits.maxBlocks) / 2
    let size = 0
    let atTarget: number | undefined
    for (let i = start; i < group.length; i++) {
      const unit = group[i]!
      if (i > start) {
        if (size >= target && unit.boundary) return i
        if (size >= target) atTarget ??= i
        if (size + unit.size > this.limits.maxBlocks) return atTarget ?? i
      }
      size += unit.size
    }
    return group.length
  }

  /** A group under half of `minBlocks` joins its previous neighbour (or the next one). */
  private mergeSmall(groups: Unit[][]): Unit[][] {
    const sizeOf = (g: Unit[]): number => g.reduce((n, u) => n + u.size, 0)
    const out: Unit[][] = []
    for (const group of groups) {
      const previous = out[out.length - 1]
      if (
        previous !== undefined &&
        (sizeOf(group) < this.limits.minBlocks / 2 ||
          sizeOf(previous) < this.limits.minBlocks / 2) &&
        sizeOf(previous) + sizeOf(group) <= this.limits.maxBlocks
      )
        previous.push(...group)
      else out.push([...group])
    }
    return out
  }

  /**
   * A partition keeps its id while it starts at the same cut (the document start for the first)
   * and holds no top-level block that the previous map put in another partition, except blocks
   * an op moved: blocks that ops insert reach its subscribers through the ops themselves, blocks
   * they move by relocation catch-up. A partition that took over another's blocks by a re-cut
   * (a merge, a new cut, or a cut whose block was deleted or moved, which leaves its blocks to
   * the partition before) gets a new id, so its subscribers catch up.
   */
  private assignIds(next: Partition[], movedByOp: ReadonlySet<BlockId>): boolean {
    const cutOf = (p: Partition, index: number): BlockId =>
      index === 0 ? DOCUMENT_START : p.top[0]!
    const previous = new Map(this.partitions.map((p, i) => [cutOf(p, i), p]))
    let changed = next.length !== this.partitions.length
    const partitions = next.map((p, index) => {
      const before = previous.get(cutOf(p, index))
      // `partitionOfTop` still holds the previous map here
      const absorbed = p.top.some((top) => {
        if (movedByOp.has(top)) return false
        const was = this.partitionOfTop.get(top)
        return was !== undefined && was !== before?.id
      })
      if (before !== undefined && !absorbed) return { ...p, id: before.id }
      changed = true
      return { ...p, id: `p${(this.nextId++).toString(36)}` }
    })
    this.partitions = partitions
    this.partitionOfTop.clear()
    this.byId.clear()
    for (const p of partitions) {
      this.byId.set(p.id, p)
      for (const top of p.top) this.partitionOfTop.set(top, p.id)
    }
    return changed
  }
}
