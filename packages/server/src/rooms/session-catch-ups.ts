/**
 * Every session's pending catch-ups (DELIVERY-3), fed to it as its queue and socket have room,
 * from one per-block cache shared by all sessions (catch-up-cache.ts). The room decides what
 * a session may catch up on; this module decides when the frames go.
 */
import type { BlockId, BlockStateVector, DocumentReplica, PartitionId } from '@markdownsync/core'
import type { ServerLimits } from '../options.js'
import { CatchUpStream, catchUpFrames } from './catch-up.js'
import { CatchUpCache } from './catch-up-cache.js'
import type { RoomMember } from './member.js'

export class SessionCatchUps {
  private readonly streams = new WeakMap<RoomMember, CatchUpStream>()
  private readonly cache: CatchUpCache

  constructor(
    replica: DocumentReplica,
    private readonly limits: Pick<ServerLimits, 'maxQueuedBytes' | 'backpressureBytes'>,
  ) {
    this.cache = new CatchUpCache(replica)
  }

  /** Queues a partition's blocks for the session; a newer request replaces an older one. */
  add(
    member: RoomMember,
    partition: PartitionId,
    blocks: readonly BlockId[],
    sinceSeq: number,
    stateVectors?: readonly BlockStateVector[],
  ): void {
    let stream = this.streams.get(member)
    if (stream === undefined) {
      stream = new CatchUpStream()
      this.streams.set(member, stream)
    }
    stream.add(partition, blocks, sinceSeq, stateVectors)
  }

  /** Forgets what the session asked for (it asks again after a resync). */
  clear(member: RoomMember): void {
    this.streams.get(member)?.clear()
  }

  /**
   * Queues the session's next catch-up frames, as of `seq`, while its queue is under half its
   * budget and its socket drains; true when some are still pending.
   */
  pump(member: RoomMember, seq: number): boolean {
    const stream = this.streams.get(member)
    if (stream === undefined || member.lagging) return false
    while (
      stream.pending &&
      member.outbound.durableQueued < this.limits.maxQueuedBytes / 2 &&
      member.outbound.socketBuffered <= this.limits.backpressureBytes
    ) {
      const frame = stream.next(this.cache, seq)
      if (frame === undefined || !member.outbound.durable(frame)) break
    }
    return stream.pending
  }

  /** The content of blocks that moved into a partition the session sees, as of `seq`, now. */
  relocated(partition: PartitionId, blocks: readonly BlockId[], seq: number): Uint8Array[] {
    return catchUpFrames(this.cache, partition, blocks, { fromSeq: 0, toSeq: seq })
  }
}
