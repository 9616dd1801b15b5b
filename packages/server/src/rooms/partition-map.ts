/**
 * The partition map: the document cut into partitions, each a contiguous run of top-level
 * blocks with all their descendants — by heading section for docs, by slide for decks.
 *
 * Cuts are kept between recomputations (a partition only changes when it must) so that a
 * small edit does not reshuffle every session's subscriptions: a partition that grew past
 * `maxBlocks` is split at its best section boundary, one that shrank under `minBlocks / 2` is
 * merged into its neighbour. A partition that took over blocks by such a re-cut gets a new id,
 * so a client that had it knows to catch up again (DELIVERY-3).
 *
 * Invariants: every live block belongs to exactly one partition; partitions are in document
 * order; ids are unique within a map version.
 */
import { type BlockId, type PartitionId, ROOT_ID, TRASH_ID } from '@markdownsync/core'

export interface PartitionSource {
  children(id: BlockId): readonly BlockId[]
  parent(id: BlockId): BlockId | undefined
  type(id: BlockId): string
  property(id: BlockId, key: string): unknown
}

export interface PartitionLimits {
  readonly minBlocks: number
  readonly maxBlocks: number
}

/** The cut of the first partition: wherever the document starts. */
const DOCUMENT_START = '^'

export const DEFAULT_PARTITION_LIMITS: PartitionLimits = { minBlocks: 50, maxBlocks: 200 }

export interface Partition {
  readonly id: PartitionId
  /** Top-level blocks, in order. */
  readonly top: readonly BlockId[]
  /** Blocks in the partition, descendants included. */
  readonly size: number
}

interface Unit {
  readonly top: BlockId
  readonly size: number
  /** Whether a partition may start here (a heading for docs, a slide for decks). */
  readonly boundary: boolean
}

export class PartitionMap {
  version = 0
  partitions: Partition[] = []
  private readonly partitionOfTop = new Map<BlockId, PartitionId>()
  private readonly byId = new Map<PartitionId, Partition>()
  private nextId = 0

  constructor(
    private readonly source: PartitionSource,
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

  /** Recomputes the map from the document; true when a partition came or went (a new version). */
  update(): boolean {
    const units = this.units()
    const previousCuts = new Set(this.partitions.map((p) => p.top[0]))
    // group units at the previous cuts that still exist, then repair sizes
    let groups: Unit[][] = []
    for (const unit of units) {
      if (groups.length === 0 || (previousCuts.has(unit.top) && unit.boundary)) groups.push([unit])
      else groups[groups.length - 1]!.push(unit)
    }
    groups = groups.flatMap((g) => this.splitIfLarge(g))
    groups = this.mergeSmall(groups)
    const next: Partition[] = groups.map((group) => {
      const top = group.map((u) => u.top)
      const size = group.reduce((n, u) => n + u.size, 0)
      return { id: '', top, size }
    })
    const changed = this.assignIds(next)
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

  /** A group over `maxBlocks` is cut at section boundaries, or anywhere if it has none. */
  private splitIfLarge(group: Unit[]): Unit[][] {
    const total = group.reduce((n, u) => n + u.size, 0)
    if (total <= this.limits.maxBlocks) return [group]
    const target = (this.limits.minBlocks + this.limits.maxBlocks) / 2
    const out: Unit[][] = []
    let current: Unit[] = []
    let size = 0
    for (const unit of group) {
      const full = size >= target || size + unit.size > this.limits.maxBlocks
      const canCut = unit.boundary || size >= this.limits.maxBlocks
      if (current.length > 0 && full && canCut) {
        out.push(current)
        current = []
        size = 0
      }
      current.push(unit)
      size += unit.size
    }
    if (current.length > 0) out.push(current)
    return out
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
   * and absorbed no other partition's cut: blocks that ops insert or move into it reach its
   * subscribers through the ops themselves (and relocation catch-up). A partition that took
   * over blocks by a re-cut — a merge, or a new cut — gets a new id, so its subscribers catch up.
   */
  private assignIds(next: Partition[]): boolean {
    const cutOf = (p: Partition, index: number): BlockId =>
      index === 0 ? DOCUMENT_START : p.top[0]!
    const previous = new Map(this.partitions.map((p, i) => [cutOf(p, i), p]))
    const previousCuts = new Set(previous.keys())
    let changed = next.length !== this.partitions.length
    const partitions = next.map((p, index) => {
      const before = previous.get(cutOf(p, index))
      const absorbed = p.top.some((top, i) => i > 0 && previousCuts.has(top))
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
