/**
 * Benchmark only (`naiveFanout`): the broadcast-everything baseline that the load benchmark
 * (bench/load) runs beside the designed fanout. Every sequenced op, whole, and every cursor
 * move go to every session the moment they arrive, one WebSocket frame each: no viewport
 * filtering (DELIVERY-2 off), no per-tick batching, no 10 Hz cursor batches. Never for
 * production: sessions receive content of blocks they never caught up.
 *
 * Order is kept: a session that still has messages queued (its welcome and snapshot, acks)
 * gets them flushed first, and when they cannot all go out the frame joins its queue.
 */
import { encodeServerMessage, type PartitionId } from '@markdownsync/core'
import type { RoomMember } from './member.js'

export interface NaiveSendStats {
  frames: number
  messages: number
  bytes: number
  /** Members whose durable queue overflowed: the room marks them lagging. */
  readonly overflowed: RoomMember[]
}

/** Sends one frame to every member now; `durable` frames overflow into lagging, others drop. */
export const sendToEveryoneNow = (
  members: Iterable<RoomMember>,
  frame: Uint8Array,
  durable: boolean,
): NaiveSendStats => {
  const stats: NaiveSendStats = { frames: 0, messages: 0, bytes: 0, overflowed: [] }
  for (const member of members) {
    if (member.lagging) continue
    const outbound = member.outbound
    if (outbound.hasQueued) {
      const flushed = outbound.flush()
      if (flushed.kind === 'sent') {
        stats.frames += flushed.frames
        stats.messages += flushed.messages
        stats.bytes += flushed.bytes
      }
    }
    if (!outbound.hasQueued) {
      outbound.immediate(frame)
      stats.frames++
      stats.messages++
      stats.bytes += frame.length
    } else if (!durable) outbound.ephemeral(frame)
    else if (!outbound.durable(frame)) stats.overflowed.push(member)
  }
  return stats
}

/** One cursor move as a one-cursor `cursor_batch`, for every session at once. */
export const naiveCursorFrame = (
  partition: PartitionId,
  session: string,
  block: string,
  anchor: Uint8Array,
  head: Uint8Array | undefined,
): Uint8Array =>
  encodeServerMessage({
    type: 'cursor_batch',
    partition,
    cursors: [{ session, block, anchor, ...(head === undefined ? {} : { head }) }],
    clusters: [],
    removed: [],
  })
