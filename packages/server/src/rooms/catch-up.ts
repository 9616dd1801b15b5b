/**
 * Catch-up (DELIVERY-3): the content of a partition's blocks, for a session that starts to see
 * it — property registers with their stamps and each block's text as a Yjs diff against the
 * state vector the client sent (or whole). Split into messages within the protocol's limits.
 * Each block's content comes from a `CatchUpSource`: the room's cache (catch-up-cache.ts), or
 * `freshCatchUps` straight from the replica.
 */
import {
  type BlockId,
  type BlockStateVector,
  type CatchUpBlock,
  type CatchUpMessage,
  type DocumentReplica,
  type PartitionId,
  PROTOCOL_LIMITS,
  TYPE_PROPERTY,
} from '@markdownsync/core'

/** Bytes of text per catch-up message, well under the frame limit. */
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
}

/** Every block computed afresh from the replica, nothing kept. */
export const freshCatchUps = (replica: DocumentReplica): CatchUpSource => ({
  block: (id, stateVector) => catchUpBlock(replica, id, stateVector),
})

/** `catch_up` messages for `blocks` of a partition, all at once, the last one marked `done`. */
export const catchUpMessages = (
  source: CatchUpSource,
  partition: PartitionId,
  blocks: readonly BlockId[],
  range: { fromSeq: number; toSeq: number },
  stateVectors: readonly BlockStateVector[] = [],
): CatchUpMessage[] => {
  const stream = new CatchUpStream()
  stream.add(partition, blocks, range.fromSeq, stateVectors)
  const messages: CatchUpMessage[] = []
  for (
    let m = stream.next(source, range.toSeq);
    m !== undefined;
    m = stream.next(source, range.toSeq)
  )
    messages.push(m)
  return messages
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

  /** The next message of the oldest job, as of `toSeq`; undefined when nothing is pending. */
  next(source: CatchUpSource, toSeq: number): CatchUpMessage | undefined {
    const job = this.jobs[0]
    if (job === undefined) return undefined
    const batch: CatchUpBlock[] = []
    let bytes = 0
    while (job.next < job.blocks.length) {
      const id = job.blocks[job.next]!
      const block = source.block(id, job.stateVectors.get(id))
      const size = block?.text?.length ?? 0
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
    return {
      type: 'catch_up',
      partition: job.partition,
      fromSeq: job.fromSeq,
      toSeq,
      content: { kind: 'blocks', blocks: batch },
      done,
    }
  }
}
