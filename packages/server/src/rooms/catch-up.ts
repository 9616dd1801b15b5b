/**
 * Catch-up (DELIVERY-3): the content of a partition's blocks, for a session that starts to see
 * it — property registers with their stamps and each block's text as a Yjs diff against the
 * state vector the client sent (or whole). Split into messages within the protocol's limits.
 * Each block's content comes from a `CatchUpSource`: the room's cache (catch-up-cache.ts), or
 * `freshCatchUps` straight from the replica; frames are joined from blocks encoded once
 * (core's `encodeCatchUpFrame`), the same bytes the schema-driven encoder gives.
 */
import {
  type BlockId,
  type BlockStateVector,
  type CatchUpBlock,
  type DocumentReplica,
  encodeCatchUpBlock,
  encodeCatchUpFrame,
  type PartitionId,
  PROTOCOL_LIMITS,
  TYPE_PROPERTY,
} from '@markdownsync/core'

/** Bytes of blocks per catch-up message, well under the frame limit. */
const MESSAGE_TEXT_BYTES = 512 * 1024

/** A block's catch-up content as of now; undefined when the block is not in the tree. */
export const catchUpBlock = (
  replica: DocumentReplica,
  id: BlockId,
  stateVector?: Uint8Array,
): CatchUpBlock | undefined => {
  const parent = replica.parent(id)
  const key = replica.position(id)
  if (parent === undefined || key === undefined) return undefined
  const registers = replica.propertyRegisters(id)
  const type = registers.find((r) => r.key === TYPE_PROPERTY)
  return {
    id,
    parent,
    key,
    lastMove: replica.moveRegister(id),
    type: typeof type?.value === 'string' ? type.value : 'paragraph',
    typeStamp: type?.stamp ?? '',
    props: registers.filter((r) => r.key !== TYPE_PROPERTY),
    text: replica.encodeText(id, stateVector),
  }
}

/** Where catch-ups get each block's content (text diffed against `stateVector` when given). */
export interface CatchUpSource {
  block(id: BlockId, stateVector?: Uint8Array): CatchUpBlock | undefined
  /** The same, encoded (`encodeCatchUpBlock`), to be joined into `catch_up` frames. */
  encoded(id: BlockId, stateVector?: Uint8Array): Uint8Array | undefined
}

/** Every block computed afresh from the replica, nothing kept. */
export const freshCatchUps = (replica: DocumentReplica): CatchUpSource => ({
  block: (id, stateVector) => catchUpBlock(replica, id, stateVector),
  encoded(id, stateVector) {
    const block = catchUpBlock(replica, id, stateVector)
    return block === undefined ? undefined : encodeCatchUpBlock(block)
  },
})

/** `catch_up` frames for `blocks` of a partition, all at once, the last one marked `done`. */
export const catchUpFrames = (
  source: CatchUpSource,
  partition: PartitionId,
  blocks: readonly BlockId[],
  range: { fromSeq: number; toSeq: number },
  stateVectors: readonly BlockStateVector[] = [],
): Uint8Array[] => {
  const stream = new CatchUpStream()
  stream.add(partition, blocks, range.fromSeq, stateVectors)
  const frames: Uint8Array[] = []
  for (
    let frame = stream.next(source, range.toSeq);
    frame !== undefined;
    frame = stream.next(source, range.toSeq)
  )
    frames.push(frame)
  return frames
}

interface CatchUpJob {
  readonly partition: PartitionId
  readonly blocks: readonly BlockId[]
  readonly fromSeq: number
  readonly stateVectors: ReadonlyMap<BlockId, Uint8Array>
  next: number
}

/**
 * A session's catch-ups, produced a message at a time as its socket drains, never all at once:
 * a partition's content can be far bigger than what a session may have queued, and every
 * message is built from the state at the moment it is sent (catch-up is state-based, so
 * ops sequenced meanwhile merge with it either way).
 */
export class CatchUpStream {
  private readonly jobs: CatchUpJob[] = []

  get pending(): boolean {
    return this.jobs.length > 0
  }

  /** Queues a partition; a newer request for the same partition replaces the older one. */
  add(
    partition: PartitionId,
    blocks: readonly BlockId[],
    fromSeq: number,
    stateVectors: readonly BlockStateVector[] = [],
  ): void {
    const existing = this.jobs.findIndex((j) => j.partition === partition)
    if (existing >= 0) this.jobs.splice(existing, 1)
    this.jobs.push({
      partition,
      blocks,
      fromSeq,
      stateVectors: new Map(stateVectors.map((s) => [s.block, s.sv])),
      next: 0,
    })
  }

  clear(): void {
    this.jobs.length = 0
  }

  /** The next frame of the oldest job, as of `toSeq`; undefined when nothing is pending. */
  next(source: CatchUpSource, toSeq: number): Uint8Array | undefined {
    const job = this.jobs[0]
    if (job === undefined) return undefined
    const batch: Uint8Array[] = []
    let bytes = 0
    while (job.next < job.blocks.length) {
      const id = job.blocks[job.next]!
      const block = source.encoded(id, job.stateVectors.get(id))
      const size = block?.length ?? 0
      if (
        batch.length > 0 &&
        (batch.length >= PROTOCOL_LIMITS.maxBlocksPerPartition || bytes + size > MESSAGE_TEXT_BYTES)
      )
        break
      job.next++
      if (block === undefined) continue
      batch.push(block)
      bytes += size
    }
    const done = job.next >= job.blocks.length
    if (done) this.jobs.shift()
    return encodeCatchUpFrame(
      { partition: job.partition, fromSeq: job.fromSeq, toSeq, done },
      batch,
    )
  }
}
