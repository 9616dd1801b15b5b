/**
 * DocumentRoom: one open document — its server replica, its gapless sequence, its op log, its
 * partitions and the sessions in it. This is the DocumentCoordinator of DESIGN.md: it sequences
 * ops (Sequencer), keeps the partition map, broadcasts ops at once by the DELIVERY rules
 * (fanout.ts), acknowledges them after commit (ACK-2) and resyncs sessions that fall behind.
 *
 * Invariants: `seq` is gapless and equals the last sequenced op; the replica holds exactly the
 * ops 1..seq; a session is acknowledged an op only after the op log committed it; a session
 * receives no content of a partition it does not see (DELIVERY-2), except in the
 * benchmark-only naive mode (naive-fanout.ts).
 */
import {
  type BlockId,
  type CatchUpRequestMessage,
  type ClientMessage,
  type DocumentReplica,
  deliveryClass,
  type Envelope,
  encodeEnvelope,
  encodeServerMessage,
  type HelloMessage,
  MAX_ASSEMBLED_SNAPSHOT_BYTES,
  type OpAck,
  type OutlineMessage,
  type PartitionId,
  PROTOCOL_LIMITS,
  PROTOCOL_VERSION,
  type RejectCode,
  ROOT_ID,
  type ServerMessage,
  splitSnapshot,
  type WelcomeMessage,
} from '@markdownsync/core'
import type { ServerOptions } from '../options.js'
import type { DocumentKind, Storage } from '../storage/storage.js'
import { type FanoutEntry, framesFor, fullFrame, type Relocation, TickFrames } from './fanout.js'
import type { RoomMember } from './member.js'
import { naiveCursorFrame, sendToEveryoneNow } from './naive-fanout.js'
import { OpLog } from './op-log.js'
import type { PartitionMap } from './partition-map.js'
import { PartitionTracker } from './partition-tracker.js'
import { PresenceServer } from './presence/index.js'
import { RecentOps } from './recent-ops.js'
import { Sequencer } from './sequencer.js'
import { SessionCatchUps } from './session-catch-ups.js'
import { SnapshotPolicy } from './snapshot-policy.js'
import { ViewportRegistry } from './subscriptions.js'
import { WaitingOps } from './waiting-ops.js'

/** What a room reports about itself (implemented over the Prometheus metrics). */
export interface RoomObserver {
  opIn(result: 'applied' | 'duplicate' | 'rejected'): void
  committed(batchSize: number, latencyMs: number): void
  flushed(frames: number, messages: number, bytes: number): void
  lagging(delta: 1 | -1): void
  ephemeralDropped(count: number): void
  partitions(delta: number): void
}

export interface RoomContext {
  readonly docId: string
  readonly kind: DocumentKind
  readonly storage: Storage
  readonly options: ServerOptions
  readonly observer: RoomObserver
  /** Called once when the room stops (commit failure or close) so the registry forgets it. */
  readonly onClosed: (room: DocumentRoom) => void
}

const RECENT_OPS = 10_000
const RECENT_BYTES = 32 * 1024 * 1024
const OPS_FLUSH_BYTES = 512 * 1024
const OUTLINE_INTERVAL_MS = 1_000
/** How many ops may wait for a dependency, and how long (CREATE-2 at the edge). */
const WAITING_OPS = 10_000
const WAITING_MS = 30_000
const WAITING_BYTES = 16 * 1024 * 1024

export class DocumentRoom {
  readonly members = new Map<string, RoomMember>()
  readonly partitions: PartitionMap
  private readonly tracker: PartitionTracker
  private readonly snapshots: SnapshotPolicy
  private readonly viewports: ViewportRegistry<RoomMember>
  private readonly presence: PresenceServer
  private readonly sequencer: Sequencer
  private readonly recent = new RecentOps<FanoutEntry>(RECENT_OPS, RECENT_BYTES)
  private readonly waiting = new WaitingOps(WAITING_OPS, WAITING_MS, WAITING_BYTES)
  private readonly opLog: OpLog
  /** Sequenced ops not yet broadcast. */
  private unsent: FanoutEntry[] = []
  private unsentBytes = 0
  private outlineDirty = false
  private mapDirty = false
  private lastOutline = 0
  private flushTimer: ReturnType<typeof setTimeout> | undefined
  private lastFlush = 0
  private readonly timers: ReturnType<typeof setInterval>[] = []
  private readonly laggingSince = new WeakMap<RoomMember, number>()
  /** The seq the room was loaded at: everything up to it is committed and can never change. */
  private readonly loadedSeq: number
  private readonly catchUps: SessionCatchUps
  private closed = false
  /** Seqs of ops sequenced since load, by id, so a re-sent duplicate is acked with its seq. */
  private readonly seqOf = new Map<string, number>()

  private constructor(
    readonly context: RoomContext,
    readonly replica: DocumentReplica,
    public seq: number,
  ) {
    this.loadedSeq = seq
    this.catchUps = new SessionCatchUps(replica, context.options.limits)
    this.sequencer = new Sequencer(replica, context.options.limits.maxClockDriftMs)
    this.tracker = new PartitionTracker(replica)
    this.partitions = this.tracker.map
    context.observer.partitions(this.partitions.partitions.length)
    this.viewports = new ViewportRegistry(this.partitions)
    this.presence = new PresenceServer({
      subscribersOf: (p) => this.viewports.subscribersOf(p),
      partitionOf: (block) => this.partitions.partitionOf(block),
    })
    this.presence.start()
    this.opLog = new OpLog(context.storage, context.docId, seq, {
      onCommit: (_committed, size, latency) => this.onCommit(size, latency),
      onFailure: () => this.close('going_away', 'the document is reloading'),
    })
    this.snapshots = new SnapshotPolicy(
      context.storage,
      context.docId,
      replica,
      this.opLog,
      context.options.snapshotEveryOps,
      () => this.seq,
      context.options.snapshotMinIntervalMs,
    )
    const every = (ms: number, fn: () => void): void => {
      const timer = setInterval(fn, ms)
      timer.unref()
      this.timers.push(timer)
    }
    every(context.options.snapshotIntervalMs, () => {
      if (this.snapshots.opsSinceSnapshot > 0) this.snapshots.request()
    })
    every(1_000, () => {
      if (this.waiting.size > 0) this.expireWaiting()
    })
    every(OUTLINE_INTERVAL_MS, () => {
      // lagging sessions are resynced (or closed) from a tick, even when nothing else happens
      if (this.outlineDirty || [...this.members.values()].some((m) => m.lagging))
        this.scheduleFlush()
    })
  }

  /** Opens a room from its latest snapshot plus the log's tail (snapshot + tail = full replay). */
  static load(
    context: RoomContext,
    replica: DocumentReplica,
    fromSeq: number,
    tail: readonly { seq: number; envelope: Envelope }[],
  ): DocumentRoom {
    const toSeq = tail.length === 0 ? fromSeq : tail[tail.length - 1]!.seq
    const room = new DocumentRoom(context, replica, toSeq)
    for (const { seq, envelope } of tail) {
      room.sequencer.learn(envelope)
      room.seqOf.set(envelope.id, seq)
      const entry: FanoutEntry = {
        seq,
        envelope,
        delivery: deliveryClass(envelope.op),
        partitions: [],
        relocations: [],
      }
      room.recent.push(entry, 256)
    }
    room.snapshots.opsSinceSnapshot = toSeq - fromSeq
    return room
  }

  get isClosed(): boolean {
    return this.closed
  }

  get committedSeq(): number {
    return this.opLog.committedSeq
  }

  // ------------------------------------------------------------------ joining

  /**
   * The replica id a joining session will write with: its own unless another writer has it.
   * When the same user's older session still holds it (a reconnect that beat the old socket's
   * close, or a second tab reusing an id), the older session is closed with `session_replaced`
   * and the new one keeps the id, so the client need not rebuild its replica.
   */
  replicaFor(requested: number, userId: string): number {
    const holder = [...this.members.values()].find((m) => m.replica === requested)
    if (
      holder !== undefined &&
      holder.user.id === userId &&
      this.sequencer.mayUseReplica(requested, userId)
    ) {
      this.leave(holder)
      holder.close('session_replaced', 'a newer session of this client took over')
    }
    const taken = (r: number): boolean =>
      !this.sequencer.mayUseReplica(r, userId) ||
      [...this.members.values()].some((m) => m.replica === r)
    let replica = requested
    while (taken(replica)) replica = 1 + Math.floor(Math.random() * 0xffff_fffe)
    return replica
  }

  /**
   * Admits a session: `welcome`, the outline, then either the structure ops it missed since
   * `hello.lastSeq` (resumed) or the document's structure as a snapshot. Content follows its
   * viewport (DELIVERY-3).
   */
  join(member: RoomMember, hello: HelloMessage, heartbeatMs: number): void {
    this.members.set(member.id, member)
    this.viewports.add(member)
    // Resume only from a seq this room's own history vouches for. Ops are broadcast before they
    // commit, so after a crash the seqs above what was committed are reused by other ops: a
    // client holding seqs above `loadedSeq` may hold them from the lost history, and skipping
    // "what it already has" would skip ops it never saw. Such a client gets a fresh snapshot.
    // (A protocol-level log epoch would let it resume; see the status page.)
    const missed =
      hello.lastSeq === undefined || hello.lastSeq > this.loadedSeq
        ? undefined
        : this.recent.since(hello.lastSeq, this.seq)
    const welcome: WelcomeMessage = {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      session: member.id,
      replica: member.replica,
      user: member.user,
      permissions: member.permissions,
      seq: this.seq,
      partitionMapVersion: this.partitions.version,
      serverTime: Date.now(),
      resumed: missed !== undefined,
      heartbeatMs,
    }
    member.outbound.durable(encodeServerMessage(welcome))
    if (missed !== undefined) {
      for (const frame of framesFor(missed, hello.lastSeq ?? 0, new Set()))
        member.outbound.durable(frame)
    } else this.queueSnapshot(member)
    member.outbound.durable(encodeServerMessage(this.outline()))
    member.syncedSeq = this.seq
    this.presence.join(member, member.user, hello.presence ?? null)
    this.scheduleFlush()
  }

  leave(member: RoomMember): void {
    if (!this.members.delete(member.id)) return
    this.viewports.remove(member.id)
    this.presence.leave(member.id)
    if (member.lagging) this.context.observer.lagging(-1)
  }

  /**
   * The document's structure as one snapshot (DELIVERY-1), in pieces of one frame each
   * (SNAP-1: ~3 MB for 10,000 blocks). Content never travels in it — it comes by catch-up, per
   * partition, in messages of bounded size — so it grows with blocks, not with text.
   */
  private queueSnapshot(member: RoomMember): void {
    const snapshot = this.replica.encodeSnapshot({ content: () => false })
    if (snapshot.length > MAX_ASSEMBLED_SNAPSHOT_BYTES) {
      member.outbound.durable(
        encodeServerMessage({
          type: 'error',
          code: 'overloaded',
          message: `the document's structure (${snapshot.length} bytes) is over the snapshot limit`,
          fatal: false,
        }),
      )
      return
    }
    const pieces = splitSnapshot(snapshot)
    for (const [i, piece] of pieces.entries())
      member.outbound.durable(
        encodeServerMessage({
          type: 'catch_up',
          partition: ROOT_ID,
          fromSeq: 0,
          toSeq: this.seq,
          content: { kind: 'snapshot', snapshot: piece },
          done: i === pieces.length - 1,
        }),
      )
  }

  // ------------------------------------------------------------------ ephemeral traffic

  viewport(member: RoomMember, blocks: readonly BlockId[]): void {
    const change = this.viewports.setViewport(member.id, blocks)
    this.announceSubscriptions(member, change.added)
  }

  /** `subscribed` (answering every viewport, and after a remap), and the cursors now in view. */
  private announceSubscriptions(member: RoomMember, added: readonly PartitionId[]): void {
    member.outbound.durable(
      encodeServerMessage({
        type: 'subscribed',
        partitionMapVersion: this.partitions.version,
        partitions: [...this.viewports.partitionsOf(member.id)].slice(
          0,
          PROTOCOL_LIMITS.maxPartitionsPerMessage,
        ),
      }),
    )
    if (added.length > 0) this.presence.subscribed(member, added)
    this.scheduleFlush()
  }

  presenceMessage(
    member: RoomMember,
    message: Extract<ClientMessage, { type: 'presence' | 'cursor' | 'cursor_clear' }>,
  ): void {
    switch (message.type) {
      case 'presence':
        this.presence.setPresence(member.id, message.data)
        return
      case 'cursor':
        if (this.context.options.naiveFanout) this.broadcastCursorNaively(member, message)
        else this.presence.moveCursor(member.id, message.block, message.anchor, message.head)
        return
      case 'cursor_clear':
        this.presence.clearCursor(member.id)
        return
    }
  }

  /** Sends a message to every member but `except` as ephemeral traffic. */
  broadcastEphemeral(message: ServerMessage, except?: string): void {
    const frame = encodeServerMessage(message)
    for (const member of this.members.values())
      if (member.id !== except) member.outbound.ephemeral(frame)
    this.scheduleFlush()
  }

  // ------------------------------------------------------------------ durable ops

  /** Runs a session's ops through the pipeline; rejections are queued to it, acks follow commit. */
  receiveOps(member: RoomMember, envelopes: readonly Envelope[]): void {
    if (this.closed) return
    let sequenced = false
    for (const envelope of envelopes) sequenced = this.admit(member, envelope) || sequenced
    // ops that waited for a block or op may be ready now (retried until nothing moves)
    while (sequenced && this.waiting.size > 0) {
      sequenced = false
      for (const parked of this.waiting.takeAll())
        sequenced = this.admit(parked.member, parked.envelope, parked.since) || sequenced
    }
    this.scheduleFlush()
  }

  /** One op through the pipeline; true when it entered the sequence. */
  private admit(member: RoomMember, envelope: Envelope, waitingSince?: number): boolean {
    if (waitingSince === undefined && this.waiting.has(envelope.id)) return false
    const author = { userId: member.user.id, canWrite: member.permissions.includes('write') }
    const before = this.tracker.touched(envelope)
    const movedFrom = this.tracker.movedFrom(envelope)
    const topLevelBefore = this.tracker.touchesTopLevel(envelope)
    const outcome = this.sequencer.admit(author, envelope)
    switch (outcome.kind) {
      case 'refused':
        this.context.observer.opIn('rejected')
        this.reject(member, envelope.id, outcome.code, outcome.reason)
        return false
      case 'duplicate':
        this.context.observer.opIn('duplicate')
        this.ackDuplicate(member, envelope.id)
        return false
      case 'waiting':
        for (const evicted of this.waiting.park({
          envelope,
          member,
          since: waitingSince ?? Date.now(),
          bytes: encodeEnvelope(envelope).length,
        }))
          this.reject(
            evicted.member,
            evicted.envelope.id,
            'missing_dependency',
            'the op waited for a block that never came (too many waiting ops)',
          )
        return false
      case 'sequenced': {
        this.context.observer.opIn('applied')
        if (topLevelBefore || this.tracker.touchesTopLevel(envelope))
          this.updatePartitions(new Set(movedFrom.map(([block]) => block)))
        else if (deliveryClass(envelope.op) === 'structure') this.mapDirty = true
        const after = this.tracker.touched(envelope)
        const relocations = this.tracker.relocations(movedFrom)
        const seq = this.sequence(envelope, [...new Set([...before, ...after])], relocations)
        member.awaitingAcks.push({ opId: envelope.id, seq })
        if (outcome.lost !== undefined)
          this.reject(member, envelope.id, outcome.lost.code, outcome.lost.reason)
        return true
      }
    }
  }

  /** Refuses ops that waited too long for what they name (CREATE-2 at the edge). */
  private expireWaiting(): void {
    for (const expired of this.waiting.expire(Date.now())) {
      this.reject(
        expired.member,
        expired.envelope.id,
        'missing_dependency',
        'the op names a block or op the document does not have',
      )
    }
    this.scheduleFlush()
  }

  /** Recomputes the partition map; sessions whose partitions changed are told (and catch up). */
  private updatePartitions(movedByOp?: ReadonlySet<BlockId>): void {
    this.mapDirty = false
    const count = this.partitions.partitions.length
    if (!this.tracker.update(this.seq, movedByOp)) return
    this.context.observer.partitions(this.partitions.partitions.length - count)
    this.outlineDirty = true
    this.lastOutline = 0
    this.presence.partitionsChanged()
    for (const [member, change] of this.viewports.remapAll())
      this.announceSubscriptions(member, change.added)
  }

  private sequence(
    envelope: Envelope,
    partitions: PartitionId[],
    relocations: Relocation[],
  ): number {
    const seq = ++this.seq
    const bytes = encodeEnvelope(envelope)
    // keep one tick's ops well under the frame limit: send what is queued first
    if (this.unsentBytes + bytes.length > OPS_FLUSH_BYTES) this.flush()
    const entry: FanoutEntry = {
      seq,
      envelope,
      delivery: deliveryClass(envelope.op),
      partitions,
      relocations,
    }
    this.seqOf.set(envelope.id, seq)
    if (this.seqOf.size > RECENT_OPS * 2) this.trimSeqIndex()
    this.recent.push(entry, bytes.length * 2)
    if (this.context.options.naiveFanout) this.broadcastNaively(entry)
    else {
      this.unsent.push(entry)
      this.unsentBytes += bytes.length
    }
    if (this.tracker.sequenced(entry)) this.outlineDirty = true
    this.opLog.append({
      seq,
      opId: envelope.id,
      kind: envelope.op.kind,
      userId: envelope.user,
      envelope: bytes,
    })
    this.snapshots.opSequenced()
    return seq
  }

  private trimSeqIndex(): void {
    let drop = this.seqOf.size - RECENT_OPS
    for (const id of this.seqOf.keys()) {
      if (drop-- <= 0) break
      this.seqOf.delete(id)
    }
  }

  private reject(member: RoomMember, opId: string, code: RejectCode, reason: string): void {
    member.outbound.controlMessage(encodeServerMessage({ type: 'reject', opId, code, reason }))
  }

  /** SEQ-3: a re-sent op is acknowledged with the seq it got the first time. */
  private ackDuplicate(member: RoomMember, opId: string): void {
    const seq = this.seqOf.get(opId)
    if (seq !== undefined) {
      member.awaitingAcks.push({ opId, seq })
      member.awaitingAcks.sort((a, b) => a.seq - b.seq)
      this.releaseAcks(member)
      return
    }
    void this.context.storage.findOps(this.context.docId, [opId]).then(
      (found) => {
        const stored = found.get(opId)
        if (stored === undefined)
          this.reject(member, opId, 'invalid_op', 'the op was refused earlier')
        else
          member.outbound.controlMessage(
            encodeServerMessage({ type: 'ack', acks: [{ opId, seq: stored }] }),
          )
        this.scheduleFlush()
      },
      () => undefined,
    )
  }

  private onCommit(batchSize: number, latencyMs: number): void {
    this.context.observer.committed(batchSize, latencyMs)
    for (const member of this.members.values()) this.releaseAcks(member)
    this.scheduleFlush()
    this.snapshots.committed()
  }

  /** ACK-2: queues acks for the session's ops that are now durable. */
  private releaseAcks(member: RoomMember): void {
    const pending = member.awaitingAcks
    const committed = this.opLog.committedSeq
    let n = 0
    while (n < pending.length && pending[n]!.seq <= committed) n++
    if (n === 0) return
    const acks: OpAck[] = pending.splice(0, n)
    for (let i = 0; i < acks.length; i += PROTOCOL_LIMITS.maxAcksPerMessage)
      member.outbound.controlMessage(
        encodeServerMessage({
          type: 'ack',
          acks: acks.slice(i, i + PROTOCOL_LIMITS.maxAcksPerMessage),
        }),
      )
  }

  // ------------------------------------------------------------------ catch-up

  /** DELIVERY-3: the content of the requested partitions the session sees. */
  catchUp(member: RoomMember, request: CatchUpRequestMessage): void {
    // ops sequenced so far must reach the session before the state that includes them
    this.flushOps()
    const seen = this.viewports.partitionsOf(member.id)
    for (const wanted of request.partitions) {
      const partition = this.partitions.get(wanted.partition)
      if (partition === undefined || !seen.has(wanted.partition)) {
        member.outbound.durable(
          encodeServerMessage({
            type: 'catch_up',
            partition: wanted.partition,
            fromSeq: this.seq,
            toSeq: this.seq,
            content: { kind: 'blocks', blocks: [] },
            done: true,
          }),
        )
        continue
      }
      const since = wanted.sinceSeq
      this.catchUps.add(
        member,
        partition.id,
        this.tracker.catchUpBlocks(partition.id, since),
        since,
        wanted.stateVectors,
      )
    }
    this.scheduleFlush()
  }

  // ------------------------------------------------------------------ outbound

  scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.closed) return
    const wait = Math.max(
      0,
      this.lastFlush + this.context.options.flushIntervalMs - performance.now(),
    )
    this.flushTimer = setTimeout(() => this.flush(), wait)
  }

  /** Queues what was sequenced to every session by the DELIVERY rules (no socket writes). */
  private flushOps(): void {
    if (this.mapDirty) this.updatePartitions()
    if (this.unsent.length === 0) return
    const entries = this.unsent
    this.unsent = []
    this.unsentBytes = 0
    for (const entry of entries) this.tracker.retarget(entry)
    const last = entries[entries.length - 1]!.seq
    const tick = new TickFrames(entries)
    for (const member of this.members.values()) {
      if (member.lagging) continue
      const sees = this.viewports.partitionsOf(member.id)
      let ok = true
      for (const frame of tick.for(member.syncedSeq, sees)) {
        ok = member.outbound.durable(frame)
        if (!ok) break
      }
      if (ok) ok = this.followRelocations(member, entries, sees)
      if (!ok) this.markLagging(member)
      else member.syncedSeq = last
    }
  }

  /** Benchmark-only naive mode: the op, whole, to every session now (naive-fanout.ts). */
  private broadcastNaively(entry: FanoutEntry): void {
    const sent = sendToEveryoneNow(this.members.values(), fullFrame(entry), true)
    this.context.observer.flushed(sent.frames, sent.messages, sent.bytes)
    for (const member of sent.overflowed) this.markLagging(member)
    for (const member of this.members.values()) if (!member.lagging) member.syncedSeq = entry.seq
  }

  /** Benchmark-only naive mode: a cursor move to every session now, not batched per partition. */
  private broadcastCursorNaively(
    member: RoomMember,
    cursor: Extract<ClientMessage, { type: 'cursor' }>,
  ): void {
    const partition = this.partitions.partitionOf(cursor.block)
    if (partition === undefined) return
    const frame = naiveCursorFrame(partition, member.id, cursor.block, cursor.anchor, cursor.head)
    const sent = sendToEveryoneNow(this.members.values(), frame, false)
    this.context.observer.flushed(sent.frames, sent.messages, sent.bytes)
  }

  /** Blocks that moved into a partition the session sees from one it does not: their content. */
  private followRelocations(
    member: RoomMember,
    entries: readonly FanoutEntry[],
    sees: ReadonlySet<PartitionId>,
  ): boolean {
    for (const entry of entries) {
      if (entry.seq <= member.syncedSeq) continue
      for (const r of entry.relocations) {
        if (!sees.has(r.to) || (r.from !== undefined && sees.has(r.from))) continue
        const blocks = this.tracker.subtree(r.block)
        for (const frame of this.catchUps.relocated(r.to, blocks, this.seq))
          if (!member.outbound.durable(frame)) return false
      }
    }
    return true
  }

  private outline(): OutlineMessage {
    return this.tracker.outline(this.seq)
  }

  /** One tick: ops to their sessions, the outline when due, then every queue as one frame. */
  flush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    const now = performance.now()
    this.lastFlush = now
    this.flushOps()
    if (this.outlineDirty && now - this.lastOutline >= OUTLINE_INTERVAL_MS) {
      this.outlineDirty = false
      this.lastOutline = now
      const frame = encodeServerMessage(this.outline())
      for (const member of this.members.values())
        if (!member.lagging) member.outbound.durable(frame)
    }
    let dropped = 0
    for (const member of this.members.values()) {
      if (member.lagging) this.resyncIfDrained(member)
      if (!this.members.has(member.id)) continue
      if (this.catchUps.pump(member, this.seq)) this.scheduleFlush()
      dropped += member.outbound.droppedEphemeral
      member.outbound.droppedEphemeral = 0
      const outcome = member.outbound.flush()
      if (outcome.kind === 'sent')
        this.context.observer.flushed(outcome.frames, outcome.messages, outcome.bytes)
      else if (outcome.kind === 'stalled') {
        this.leave(member)
        member.close('rate_limited', 'the client stopped reading')
      }
    }
    if (dropped > 0) this.context.observer.ephemeralDropped(dropped)
  }

  /** The session's durable queue overflowed: it gets nothing until its socket drains. */
  private markLagging(member: RoomMember): void {
    member.lagging = true
    this.laggingSince.set(member, performance.now())
    this.context.observer.lagging(1)
  }

  /**
   * A lagging session whose socket drained is resynced: `lagging`, then a fresh snapshot. One
   * whose socket does not drain within `maxLaggingMs` has stopped reading and is closed.
   */
  private resyncIfDrained(member: RoomMember): void {
    const limits = this.context.options.limits
    if (member.outbound.socketBuffered > limits.ephemeralHighWaterBytes) {
      const since = this.laggingSince.get(member) ?? performance.now()
      if (performance.now() - since > limits.maxLaggingMs) {
        this.leave(member)
        member.close('rate_limited', 'the client stopped reading')
      }
      return
    }
    this.laggingSince.delete(member)
    // what it asked for before is stale: after the snapshot it asks again
    this.catchUps.clear(member)
    member.lagging = false
    member.outbound.lagging = false
    this.context.observer.lagging(-1)
    member.outbound.durable(
      encodeServerMessage({
        type: 'lagging',
        seq: member.syncedSeq,
        partitions: [...this.viewports.partitionsOf(member.id)].slice(
          0,
          PROTOCOL_LIMITS.maxPartitionsPerMessage,
        ),
      }),
    )
    this.queueSnapshot(member)
    member.outbound.durable(encodeServerMessage(this.outline()))
    member.syncedSeq = this.seq
  }

  // ------------------------------------------------------------------ snapshots

  /** Asks for a snapshot at the next moment the log is fully committed. */
  requestSnapshot(): void {
    this.snapshots.request()
  }

  /** Waits for the log to commit everything, then writes a snapshot; returns its seq. */
  snapshotNow(): Promise<number> {
    return this.snapshots.now()
  }

  // ------------------------------------------------------------------ lifecycle

  /** Waits until every sequenced op is durable. */
  idle(): Promise<void> {
    return this.opLog.idle()
  }

  /** Stops the room: members are closed with `reason`, timers cleared. */
  close(reason: 'going_away' = 'going_away', message?: string): void {
    if (this.closed) return
    this.flush()
    this.closed = true
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer)
    for (const timer of this.timers) clearInterval(timer)
    this.presence.stop()
    this.context.observer.partitions(-this.partitions.partitions.length)
    for (const member of [...this.members.values()]) {
      this.leave(member)
      member.close(reason, message)
    }
    this.context.onClosed(this)
  }
}
