/**
 * What a `PresenceServer` needs from its room: who sees a partition, and where a block lives.
 * The room and session layers implement it; the presence code never reaches past it.
 */
import type { BlockId, LimitOverrides, PartitionId, SessionId } from '@markdownsync/core'

export interface PresenceRecipient {
  readonly id: SessionId
  /** Queues an encoded one-message frame as ephemeral traffic (may be dropped under load). */
  sendEphemeral(frame: Uint8Array): void
  /**
   * Queues a frame that must arrive: presence diffs are changes to a state the client keeps,
   * so a dropped join would hide a user for good. Small and at most one a second.
   */
  sendPresence(frame: Uint8Array): void
}

export interface PresenceWorld {
  /** Sessions subscribed to a partition (their viewport touches it). */
  subscribersOf(partition: PartitionId): Iterable<PresenceRecipient>
  /** The partition holding a block now, or undefined (unknown or deleted block). */
  partitionOf(block: BlockId): PartitionId | undefined
}

export interface PresenceOptions {
  /** How often joins, updates and leaves go out as one `presence_diff` (ms). */
  presenceIntervalMs?: number
  /** How often each partition may get a `cursor_batch` (ms): 100 is 10 Hz. */
  cursorIntervalMs?: number
  /** A block with more cursors than this is sent as a cluster. */
  maxCursorsPerBlock?: number
  /** Protocol limits to respect when splitting messages (tests shrink them). */
  limits?: LimitOverrides
}

export const PRESENCE_DEFAULTS = {
  presenceIntervalMs: 1_000,
  cursorIntervalMs: 100,
  maxCursorsPerBlock: 10,
} as const

export interface PresenceStats {
  /** Sessions joined now. */
  readonly sessions: number
  /** Cursors placed now (sessions whose cursor is on a known block). */
  readonly cursors: number
  /** `cursor_batch` messages encoded (diffs and subscription snapshots). */
  readonly batchesSent: number
  /** `presence_diff` messages encoded. */
  readonly presenceDiffsSent: number
  /** Frames handed to `sendEphemeral` (one encoded message reaching one session). */
  readonly framesSent: number
  /** `sendEphemeral` calls that threw; the frame is lost, the flush goes on. */
  readonly sendFailures: number
}
