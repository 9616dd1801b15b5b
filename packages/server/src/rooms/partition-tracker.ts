/**
 * What the room knows about partitions beyond the map itself: which partitions and blocks each
 * sequenced op touched and when (for the outline and for `sinceSeq` catch-ups), which blocks an
 * op carries across partitions (relocations), and when the map must be recomputed.
 */
import {
  type BlockId,
  createdBlocks,
  type DocumentReplica,
  deliveryClass,
  type Envelope,
  type OutlineMessage,
  type PartitionId,
  ROOT_ID,
  referencedBlocks,
} from '@markdownsync/core'
import type { FanoutEntry, Relocation } from './fanout.js'
import { buildOutline } from './outline.js'
import { PartitionMap } from './partition-map.js'

const namedBlocks = (envelope: Envelope): BlockId[] => [
  ...referencedBlocks(envelope.op),
  ...createdBlocks(envelope.op),
]

export class PartitionTracker {
  readonly map: PartitionMap
  /** The last seq that changed each partition (outline) and each block (catch-up `sinceSeq`). */
  private readonly partitionSeq = new Map<PartitionId, number>()
  private readonly blockSeq = new Map<BlockId, number>()
  /** The seq at which each partition got its id: older `sinceSeq`s get everything. */
  private readonly extentSeq = new Map<PartitionId, number>()

  constructor(private readonly replica: DocumentReplica) {
    this.map = new PartitionMap(replica)
    this.map.update()
  }

  partitionOf(block: BlockId): PartitionId | undefined {
    return this.map.partitionOf(block)
  }

  /** The partitions holding the blocks an op names (call before and after it applies). */
  touched(envelope: Envelope): PartitionId[] {
    const out = new Set<PartitionId>()
    for (const block of namedBlocks(envelope)) {
      const p = this.map.partitionOf(block)
      if (p !== undefined) out.add(p)
    }
    return [...out]
  }

  /** Blocks an op may carry into another partition, with where they are now. */
  movedFrom(envelope: Envelope): Array<readonly [BlockId, PartitionId | undefined]> {
    const op = envelope.op
    const moved =
      op.kind === 'move_block'
        ? [op.block]
        : op.kind === 'merge_blocks'
          ? op.children.map((c) => c.block)
          : []
    return moved.map((block) => [block, this.map.partitionOf(block)] as const)
  }

  /** The moved blocks that landed in another partition (their content must follow them). */
  relocations(movedFrom: Array<readonly [BlockId, PartitionId | undefined]>): Relocation[] {
    const out: Relocation[] = []
    for (const [block, from] of movedFrom) {
      const to = this.map.partitionOf(block)
      if (to !== undefined && to !== from) out.push({ block, from, to })
    }
    return out
  }

  /** Whether an op changes the document's top level (then the map is recomputed at once). */
  touchesTopLevel(envelope: Envelope): boolean {
    const op = envelope.op
    if (
      (op.kind === 'insert_block' || op.kind === 'move_block' || op.kind === 'split_block') &&
      op.parent === ROOT_ID
    )
      return true
    if (deliveryClass(op) === 'content')
      return op.kind === 'set_property' && this.replica.parent(op.block) === ROOT_ID
    return namedBlocks(envelope).some((b) => this.replica.parent(b) === ROOT_ID)
  }

  /**
   * Brings the map up to date (it follows the replica's changes itself, so this costs what
   * changed since the last call); true when partitions came or went (a new version).
   */
  update(seq: number, movedByOp?: ReadonlySet<BlockId>): boolean {
    if (!this.map.update(movedByOp)) return false
    for (const p of this.map.partitions)
      if (!this.extentSeq.has(p.id)) this.extentSeq.set(p.id, seq)
    return true
  }

  /** Records what a sequenced op changed; true when the outline may have changed. */
  sequenced(entry: FanoutEntry): boolean {
    for (const p of entry.partitions) this.partitionSeq.set(p, entry.seq)
    for (const block of namedBlocks(entry.envelope)) this.blockSeq.set(block, entry.seq)
    // a moved subtree is new to its partition: a catch-up `sinceSeq` must include all of it
    for (const r of entry.relocations)
      for (const block of this.subtree(r.block)) this.blockSeq.set(block, entry.seq)
    return (
      entry.delivery === 'structure' ||
      this.replica.type(referencedBlocks(entry.envelope.op)[0] ?? '') === 'heading'
    )
  }

  /**
   * An op sequenced before a re-cut retired one of its partitions is sent by where its blocks
   * are now as well: sessions follow the new map at once, so none would see the retired id, and
   * the catch-up they ask for answers later, with the state of wherever the blocks are by then
   * (found by the convergence e2e test, seed 12: a property set just before its partition was
   * renamed, its block then moved to a partition that kept its id, reached no session).
   */
  retarget(entry: FanoutEntry): void {
    if (entry.partitions.every((p) => this.map.get(p) !== undefined)) return
    const now = new Set(entry.partitions)
    for (const block of namedBlocks(entry.envelope)) {
      const p = this.map.partitionOf(block)
      if (p !== undefined) now.add(p)
    }
    entry.partitions = [...now]
  }

  /** The blocks of a partition a catch-up since `sinceSeq` must hold. */
  catchUpBlocks(partition: PartitionId, sinceSeq: number): BlockId[] {
    const blocks = this.map.blocksOf(partition)
    if (sinceSeq <= 0 || (this.extentSeq.get(partition) ?? 0) > sinceSeq) return blocks
    return blocks.filter((b) => (this.blockSeq.get(b) ?? Number.POSITIVE_INFINITY) > sinceSeq)
  }

  subtree(block: BlockId): BlockId[] {
    const out = [block]
    for (let i = 0; i < out.length; i++) out.push(...this.replica.children(out[i]!))
    return out
  }

  outline(seq: number): OutlineMessage {
    return buildOutline(this.replica, this.map, seq, this.partitionSeq)
  }
}
