/**
 * Presence and cursors of one document's room (DESIGN.md, "Presence"). Never stored: it lives
 * and dies with the room, and a client that reconnects gets everything again.
 *
 * - Presence: joins, updates and leaves accumulate and go to every joined session as one
 *   `presence_diff` per `presenceIntervalMs`; a session that just joined gets instead, alone, a
 *   diff listing everyone present (itself included) as joined. Diffs are never dropped under
 *   load (`sendPresence`): each changes a state the client keeps.
 * - Cursors: at most one `cursor_batch` per partition per `cursorIntervalMs`, only when the
 *   partition's cursors changed, holding only the changes, sent only to its subscribers. Busy
 *   blocks travel as clusters (CLUSTER-1…4 in partition-cursors.ts, the client's side in
 *   client-state.ts).
 * - Every message is encoded once and the same bytes go to all its recipients. That is why a
 *   session's own cursor is in the batches it receives: leaving it out would mean one encoding
 *   per recipient; clients skip their own session instead.
 *
 * Invariants: memory is O(sessions): one roster entry and at most one cursor per session, the
 * published state of each partition, and pending changes kept as maps keyed by session.
 * Precondition: values come from decoded client messages, so they are within protocol limits.
 */

import type { PartitionCursorView, PresenceState } from '@markdownsync/core'
import {
  type BlockId,
  type PartitionId,
  PROTOCOL_LIMITS,
  type PropValue,
  type ProtocolLimits,
  type SessionId,
  type UserInfo,
} from '@markdownsync/core'
import {
  PRESENCE_DEFAULTS,
  type PresenceOptions,
  type PresenceRecipient,
  type PresenceStats,
  type PresenceWorld,
} from './contract.js'
import { encodeCursorBatch, encodePresenceDiff } from './frames.js'
import { type CursorChanges, PartitionCursors, type PlacedCursor } from './partition-cursors.js'
import { type PresenceChanges, PresenceRoster } from './roster.js'

export class PresenceServer {
  private readonly roster = new PresenceRoster()
  private readonly cursors = new Map<SessionId, PlacedCursor>()
  private readonly partitions = new Map<PartitionId, PartitionCursors>()
  private readonly changedPartitions = new Set<PartitionId>()
  private rehomePending = false
  private readonly options: Required<Omit<PresenceOptions, 'limits'>>
  private readonly limits: ProtocolLimits
  private timers: ReturnType<typeof setInterval>[] = []
  private readonly counts = { batchesSent: 0, presenceDiffsSent: 0, framesSent: 0, sendFailures: 0 }

  constructor(
    private readonly world: PresenceWorld,
    options: PresenceOptions = {},
  ) {
    this.options = {
      presenceIntervalMs: options.presenceIntervalMs ?? PRESENCE_DEFAULTS.presenceIntervalMs,
      cursorIntervalMs: options.cursorIntervalMs ?? PRESENCE_DEFAULTS.cursorIntervalMs,
      maxCursorsPerBlock: options.maxCursorsPerBlock ?? PRESENCE_DEFAULTS.maxCursorsPerBlock,
    }
    this.limits = { ...PROTOCOL_LIMITS, ...options.limits }
  }

  get stats(): PresenceStats {
    return { sessions: this.roster.size, cursors: this.cursors.size, ...this.counts }
  }

  join(recipient: PresenceRecipient, user: UserInfo, presence: PropValue): void {
    this.clearCursor(recipient.id)
    this.roster.join(recipient, user, presence)
  }

  leave(session: SessionId): void {
    this.clearCursor(session)
    this.roster.leave(session)
  }

  setPresence(session: SessionId, data: PropValue): void {
    this.roster.update(session, data)
  }

  /** Places the session's cursor; one on a block no partition holds is cleared instead. */
  moveCursor(session: SessionId, block: BlockId, anchor: Uint8Array, head?: Uint8Array): void {
    const user = this.roster.userOf(session)
    if (user === undefined) return
    const partition = this.world.partitionOf(block)
    if (partition === undefined) {
      this.clearCursor(session)
      return
    }
    const previous = this.cursors.get(session)
    if (previous !== undefined && previous.partition !== partition) {
      this.partitionAt(previous.partition).delete(session)
    }
    const cursor: PlacedCursor = { session, partition, block, anchor, head, color: user.color }
    this.cursors.set(session, cursor)
    this.partitionAt(partition).put(cursor)
  }

  clearCursor(session: SessionId): void {
    const previous = this.cursors.get(session)
    if (previous === undefined) return
    this.cursors.delete(session)
    this.partitionAt(previous.partition).delete(session)
  }

  /**
   * The session newly sees these partitions (call it once `subscribersOf` lists the session):
   * it gets at once what every other subscriber holds, as batches from an empty state, and
   * the diffs that follow bring it to the truth. Partitions without cursors send nothing.
   */
  subscribed(recipient: PresenceRecipient, partitions: readonly PartitionId[]): void {
    for (const id of partitions) {
      const partition = this.partitions.get(id)
      if (partition === undefined) continue
      partition.snapshotFrames ??= this.encodeBatch(id, partition.publishedState())
      for (const frame of partition.snapshotFrames) this.send(recipient, frame)
    }
  }

  /** The partition map changed: cursors are re-homed by `partitionOf` at the next tick. */
  partitionsChanged(): void {
    this.rehomePending = true
  }

  flushPresence(): void {
    const drained = this.roster.drain()
    if (drained === undefined) return
    const { diff, others, everyone, newcomers } = drained
    const changed = diff.joined.length + diff.updated.length + diff.left.length > 0
    if (changed && others.length > 0) this.broadcast(others, this.encodePresence(diff), true)
    if (newcomers.length > 0) {
      const all = this.encodePresence({ joined: everyone, updated: [], left: [] })
      this.broadcast(newcomers, all, true)
    }
  }

  flushCursors(): void {
    this.rehome()
    for (const id of this.changedPartitions) {
      const partition = this.partitions.get(id)
      if (partition === undefined) continue
      const changes = partition.takeChanges()
      if (partition.isEmpty) this.partitions.delete(id)
      const frames = this.encodeBatch(id, changes)
      if (frames.length > 0) this.broadcast(this.world.subscribersOf(id), frames)
    }
    this.changedPartitions.clear()
  }

  start(): void {
    if (this.timers.length > 0) return
    this.timers = [
      setInterval(() => this.flushPresence(), this.options.presenceIntervalMs),
      setInterval(() => this.flushCursors(), this.options.cursorIntervalMs),
    ]
    for (const timer of this.timers) timer.unref()
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer)
    this.timers = []
  }

  /** Everyone present, as every session following the diffs will see them after the next flush. */
  presenceView(): PresenceState {
    return this.roster.view()
  }

  /** A partition's cursors as its subscribers will see them after the next cursor flush. */
  cursorView(partition: PartitionId): PartitionCursorView {
    this.rehome()
    return this.partitions.get(partition)?.view() ?? { cursors: new Map(), clusters: new Map() }
  }

  private partitionAt(id: PartitionId): PartitionCursors {
    let partition = this.partitions.get(id)
    if (partition === undefined) {
      const { maxCursorsPerBlock } = this.options
      partition = new PartitionCursors(id, maxCursorsPerBlock, this.limits.maxColorsPerCluster)
      this.partitions.set(id, partition)
    }
    this.changedPartitions.add(id)
    return partition
  }

  /** Block by block, so a block's cursors keep their order (and its cluster its colours). */
  private rehome(): void {
    if (!this.rehomePending) return
    this.rehomePending = false
    const moves: { cursor: PlacedCursor; to: PartitionId | undefined }[] = []
    for (const partition of this.partitions.values()) {
      for (const [block, members] of partition.blocksWithCursors()) {
        const to = this.world.partitionOf(block)
        if (to !== partition.id) for (const cursor of members) moves.push({ cursor, to })
      }
    }
    for (const { cursor, to } of moves) {
      this.partitionAt(cursor.partition).delete(cursor.session)
      if (to === undefined) {
        this.cursors.delete(cursor.session)
        continue
      }
      const moved: PlacedCursor = { ...cursor, partition: to }
      this.cursors.set(cursor.session, moved)
      this.partitionAt(to).put(moved)
    }
  }

  private encodeBatch(partition: PartitionId, changes: CursorChanges): Uint8Array[] {
    const frames = encodeCursorBatch(partition, changes, this.limits)
    this.counts.batchesSent += frames.length
    return frames
  }

  private encodePresence(changes: PresenceChanges): Uint8Array[] {
    const frames = encodePresenceDiff(changes, this.limits)
    this.counts.presenceDiffsSent += frames.length
    return frames
  }

  private broadcast(
    recipients: Iterable<PresenceRecipient>,
    frames: readonly Uint8Array[],
    presence = false,
  ): void {
    for (const recipient of recipients)
      for (const frame of frames) this.send(recipient, frame, presence)
  }

  /** A failing session must not stop the flush for the others (this runs in a timer). */
  private send(recipient: PresenceRecipient, frame: Uint8Array, presence = false): void {
    try {
      if (presence) recipient.sendPresence(frame)
      else recipient.sendEphemeral(frame)
      this.counts.framesSent++
    } catch {
      this.counts.sendFailures++
    }
  }
}
