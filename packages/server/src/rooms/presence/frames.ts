/**
 * The presence messages, encoded once each, split to fit the protocol's limits.
 *
 * Lists are cut at the same indexes (entries `[lo, hi)` of every list go in one message), so
 * an entry at index i of two lists always travels in one message: the presence diff relies on
 * it to keep a rejoin's `left` and `joined` together. A message whose frame exceeds
 * `maxFrameBytes` is halved until it fits (or holds one entry, which the other limits bound);
 * only oversized messages pay the extra encoding.
 */
import {
  encodeServerMessage,
  type PartitionId,
  type ProtocolLimits,
  type ServerMessage,
} from '@markdownsync/core'
import type { CursorChanges } from './partition-cursors.js'
import type { PresenceChanges } from './roster.js'

export const encodeCursorBatch = (
  partition: PartitionId,
  { cursors, clusters, removed }: CursorChanges,
  limits: ProtocolLimits,
): Uint8Array[] =>
  encodeInChunks(
    Math.max(cursors.length, clusters.length, removed.length),
    Math.min(limits.maxCursorsPerBatch, limits.maxClustersPerBatch),
    limits.maxFrameBytes,
    (lo, hi) => ({
      type: 'cursor_batch',
      partition,
      cursors: cursors.slice(lo, hi),
      clusters: clusters.slice(lo, hi),
      removed: removed.slice(lo, hi),
    }),
  )

export const encodePresenceDiff = (
  { joined, updated, left }: PresenceChanges,
  limits: ProtocolLimits,
): Uint8Array[] =>
  encodeInChunks(
    Math.max(joined.length, updated.length, left.length),
    limits.maxPresenceEntries,
    limits.maxFrameBytes,
    (lo, hi) => ({
      type: 'presence_diff',
      joined: joined.slice(lo, hi),
      updated: updated.slice(lo, hi),
      left: left.slice(lo, hi),
    }),
  )

const encodeInChunks = (
  total: number,
  maxEntries: number,
  maxFrameBytes: number,
  build: (lo: number, hi: number) => ServerMessage,
): Uint8Array[] => {
  const frames: Uint8Array[] = []
  const encodeRange = (lo: number, hi: number): void => {
    const frame = encodeServerMessage(build(lo, hi))
    if (frame.length <= maxFrameBytes || hi - lo <= 1) {
      frames.push(frame)
      return
    }
    const mid = (lo + hi) >>> 1
    encodeRange(lo, mid)
    encodeRange(mid, hi)
  }
  const step = Math.max(1, maxEntries)
  for (let lo = 0; lo < total; lo += step) encodeRange(lo, Math.min(total, lo + step))
  return frames
}
