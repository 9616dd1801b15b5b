/**
 * The protocol state machine of one room (apps/docs/spec/protocol.md, "A session"), the
 * product version of the server's test client:
 *
 *   open → hello{replica, lastSeq?, outbox} → welcome
 *     resumed:  the ops missed since lastSeq follow          → viewport
 *     otherwise: catch_up{root, snapshot} → adopt it under a new replica id, replay the outbox
 *                                                          → viewport
 *   viewport → subscribed{partitions} → catch_up_request(new ones) → catch_up(blocks … done)
 *   then: ops ⇄ ops / ack / reject;  lagging → a fresh snapshot follows
 *
 * Unacknowledged ops are re-sent after every welcome (OpSender). Refusals: `rate_limited`
 * waits and re-sends; lost moves (`concurrent_move`, `cycle`) and `duplicate_block` were
 * sequenced and are only reported; anything else is dropped from the outbox (with the ops
 * that need it) and rolled back by resyncing: reconnect without lastSeq, adopt the fresh
 * snapshot, replay what is left of the outbox.
 *
 * Invariants: a snapshot is always adopted under a replica id that never wrote into it and
 * that no kept op carries (TEXT-1: otherwise Yjs would see its own client id in remote
 * updates); `lastSeq` is only sent for a replica that holds every op up to it; ops go out only
 * after `welcome`, with the `write` permission, never before `hello`.
 */
import {
  type BlockId,
  type CatchUpMessage,
  type ClientMessage,
  createdBlocks,
  type DurableOp,
  decodeEnvelope,
  type Envelope,
  encodeEnvelope,
  type OpId,
  type PartitionId,
  type Permission,
  PROTOCOL_VERSION,
  type PropValue,
  type RejectCode,
  type RejectMessage,
  ROOT_ID,
  referencedBlocks,
  type ServerMessage,
  SnapshotAssembler,
  type WelcomeMessage,
} from '@markdownsync/core'
import { atom } from 'nanostores'
import type { TokenSource } from '../auth/token-source.js'
import type { BackoffOptions } from '../connection/backoff.js'
import { type CloseInfo, Connection, type WebSocketConstructor } from '../connection/connection.js'
import type { DocumentEngine, EngineIdentity } from '../engine/engine.js'
import { fromServerErrorCode, type RoomError, roomError } from '../errors.js'
import type { Outbox } from '../outbox/outbox.js'
import { SDK_CLIENT_NAME } from '../version.js'
import { OpSender } from './op-sender.js'
import { PartitionSync } from './partition-sync.js'
import type { Outline, RejectionEvent, RoomStatus } from './types.js'

/** Sequenced and acknowledged, but lost to a concurrent change: reported, not rolled back. */
const LOST: ReadonlySet<RejectCode> = new Set(['concurrent_move', 'cycle', 'duplicate_block'])

export interface SessionOptions {
  readonly docId: string
  readonly url: string
  readonly tokens: TokenSource
  readonly engine: DocumentEngine
  readonly outbox: Outbox
  readonly WebSocket?: WebSocketConstructor
  readonly backoff?: BackoffOptions
  readonly connectionTimeoutMs?: number
  readonly random: () => number
}

export interface SessionHooks {
  /** The presence announced in `hello`. */
  helloPresence(): PropValue | undefined
  /** The blocks to report as the viewport. */
  viewport(): readonly BlockId[]
  welcomed(welcome: WelcomeMessage): void
  /** Presence, cursors and events: the presence module reads them. */
  ephemeral(
    message: Extract<ServerMessage, { type: 'presence_diff' | 'cursor_batch' | 'event' }>,
  ): void
  /** Partitions no longer seen (their cursors go, CURSOR-2). */
  partitionsDropped(partitions: readonly PartitionId[]): void
  disconnected(): void
  error(error: RoomError): void
  rejection(rejection: RejectionEvent): void
}

const randomReplica = (random: () => number): number => 1 + Math.floor(random() * 0xffff_fffe)

export class SyncSession {
  readonly $status = atom<RoomStatus>('connecting')
  readonly $synchronized = atom(false)
  readonly $outline = atom<Outline | undefined>(undefined)
  /** The document has loaded (once): edits are allowed from then on. */
  readonly $loaded = atom(false)
  permissions: readonly Permission[] = []
  private readonly connection: Connection
  private readonly sender: OpSender
  private replicaId: number
  private identity: EngineIdentity | undefined
  /** The last sequence whose ops the replica holds. */
  private lastSeq = 0
  private hasReplica = false
  /** The next hello asks for a fresh snapshot (a rollback). */
  private fresh = false
  /** A rollback waits for its fresh snapshot. */
  private rollingBack = false
  /** Blocks created by local ops that were never sent: later ops naming them are not sent either. */
  private readonly unsentBlocks = new Set<BlockId>()
  private editsInEngine = false
  /** Pieces of the structure snapshot arriving on this connection (SNAP-1). */
  private readonly snapshotPieces = new SnapshotAssembler()
  private everConnected = false
  private stopped = false
  private welcome: WelcomeMessage | undefined
  /** The fatal `error` the server sent before closing: the close reports it. */
  private closingError: RoomError | undefined
  private structureReady = false
  private readonly partitions = new PartitionSync((messages) => this.send(messages))
  private synced = false
  private retryAfterMs = 1_000
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private welcomeTimer: ReturnType<typeof setTimeout> | undefined
  private resyncScheduled = false
  /** Ops dropped after a refusal: a late reject of one of them (it waited) changes nothing. */
  private readonly dropped = new Set<OpId>()
  private readyWaiters: Array<{ resolve: () => void; reject: (error: RoomError) => void }> = []

  constructor(
    private readonly options: SessionOptions,
    private readonly hooks: SessionHooks,
  ) {
    this.replicaId = randomReplica(options.random)
    this.sender = new OpSender({
      outbox: options.outbox,
      ready: () => this.opsMayGo(),
      send: (envelopes) => this.send([{ type: 'ops', envelopes }]),
    })
    this.connection = new Connection(
      {
        url: options.url,
        docId: options.docId,
        tokens: options.tokens,
        ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
        ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
        ...(options.connectionTimeoutMs === undefined
          ? {}
          : { connectionTimeoutMs: options.connectionTimeoutMs }),
        random: options.random,
      },
      {
        open: () => this.sendHello(),
        messages: (messages) => {
          for (const message of messages) this.handle(message)
        },
        close: (info) => this.onClose(info),
        error: (error) => this.hooks.error(error),
      },
    )
  }

  start(): void {
    this.connection.start()
  }

  stop(): void {
    if (this.stopped) return
    this.stopped = true
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer)
    if (this.welcomeTimer !== undefined) clearTimeout(this.welcomeTimer)
    this.sender.reset()
    this.connection.stop()
    this.$status.set('disconnected')
    this.failWaiters(roomError('going_away', 'the room was left', true))
  }

  get isLoaded(): boolean {
    return this.$loaded.get()
  }

  /** Resolves once the document has loaded; rejects if the room stops first. */
  ready(): Promise<void> {
    if (this.$loaded.get()) return Promise.resolve()
    if (this.stopped) return Promise.reject(roomError('going_away', 'the room was left', true))
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }))
  }

  /** Whether this session may show presence and send events. */
  mayShowPresence(): boolean {
    return this.permissions.includes('presence') || this.permissions.includes('write')
  }

  get isOpen(): boolean {
    return this.welcome !== undefined && this.connection.isOpen
  }

  /** Sends messages as one frame, if the session is admitted; false otherwise. */
  send(messages: readonly ClientMessage[]): boolean {
    if (!this.isOpen) return false
    return this.connection.send(messages)
  }

  /** The viewport changed: tell the server, if it is listening. */
  sendViewport(blocks: readonly BlockId[]): void {
    if (!this.structureReady) return
    if (this.send([{ type: 'viewport', blocks }])) this.partitions.viewportSent()
  }

  // ------------------------------------------------------------------ local ops

  /**
   * Ops the engine made: checked against the protocol (an op the server could not even decode
   * would close the session), kept in the outbox, sent at the end of the task.
   */
  localOps(envelopes: readonly Envelope[]): void {
    const good: Envelope[] = []
    for (const envelope of envelopes) {
      const needs = referencedBlocks(envelope.op).find((b) => this.unsentBlocks.has(b))
      const problem =
        needs === undefined
          ? encodingProblem(envelope)
          : `block ${needs} was made by a change that was not sent`
      if (problem === undefined) {
        good.push(envelope)
        continue
      }
      for (const block of createdBlocks(envelope.op)) this.unsentBlocks.add(block)
      // already applied locally: roll it back the way a server refusal is
      this.hooks.rejection({
        opId: envelope.id,
        code: 'invalid_op',
        reason: `not sent: ${problem}`,
        kind: envelope.op.kind,
        blocks: blocksOf(envelope.op),
        rolledBack: true,
        dropped: [],
      })
      this.scheduleResync()
    }
    if (good.length === 0) return
    this.options.outbox.add(good)
    this.updateSynchronized()
    this.sender.schedule()
  }

  // ------------------------------------------------------------------ connection

  private sendHello(): void {
    this.closingError = undefined
    // a server that accepts the socket but never admits the session is as good as down
    if (this.welcomeTimer !== undefined) clearTimeout(this.welcomeTimer)
    this.welcomeTimer = setTimeout(() => {
      this.welcomeTimer = undefined
      if (this.welcome === undefined && !this.stopped) this.connection.reconnect()
    }, this.options.connectionTimeoutMs ?? 10_000)
    const resume = this.hasReplica && !this.fresh
    this.fresh = false
    const presence = this.hooks.helloPresence()
    this.connection.send([
      {
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        docId: this.options.docId,
        ...(this.connection.token === undefined ? {} : { token: this.connection.token }),
        replica: this.replicaId,
        ...(resume ? { lastSeq: this.lastSeq } : {}),
        outbox: Math.min(this.options.outbox.size, 0xffff_ffff),
        ...(presence === undefined ? {} : { presence }),
        client: SDK_CLIENT_NAME,
      },
    ])
  }

  private onClose(info: CloseInfo): void {
    if (this.welcomeTimer !== undefined) clearTimeout(this.welcomeTimer)
    this.welcomeTimer = undefined
    const wasAdmitted = this.welcome !== undefined
    this.welcome = undefined
    this.structureReady = false
    this.partitions.reset()
    this.synced = false
    this.sender.reset()
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    if (wasAdmitted) this.hooks.disconnected()
    const error = this.closingError ?? info.error
    this.closingError = undefined
    const stop = info.action === 'stop'
    if (error !== undefined && !this.stopped) this.hooks.error({ ...error, fatal: stop })
    if (stop) {
      this.stopped = true
      this.$status.set('disconnected')
      this.failWaiters(error ?? roomError('going_away', 'the connection closed', true))
      return
    }
    if (!this.stopped) this.$status.set(this.everConnected ? 'reconnecting' : 'connecting')
  }

  // ------------------------------------------------------------------ server messages

  private handle(message: ServerMessage): void {
    if (this.stopped) return
    switch (message.type) {
      case 'welcome':
        this.onWelcome(message)
        return
      case 'catch_up':
        this.onCatchUp(message)
        return
      case 'outline':
        this.$outline.set({
          partitionMapVersion: message.partitionMapVersion,
          seq: message.seq,
          partitions: message.partitions,
        })
        return
      case 'subscribed': {
        const dropped = this.partitions.subscribed(message.partitions)
        if (dropped.length > 0) this.hooks.partitionsDropped(dropped)
        this.checkSynced()
        return
      }
      case 'ops':
        if (!this.hasReplica) return
        this.options.engine.post({
          type: 'apply',
          envelopes: message.entries.map((e) => e.envelope),
        })
        for (const entry of message.entries) this.lastSeq = Math.max(this.lastSeq, entry.seq)
        return
      case 'ack': {
        const ids = message.acks.map((a) => a.opId)
        this.options.outbox.acknowledge(ids)
        this.sender.settled(ids)
        this.updateSynchronized()
        return
      }
      case 'reject':
        this.onReject(message)
        return
      case 'lagging':
        // the acks and rejects queued for us were dropped with the rest: re-send after the
        // snapshot that follows (SEQ-3 acknowledges duplicates)
        this.sender.reset()
        return
      case 'error':
        this.onError(message)
        return
      case 'presence_diff':
      case 'cursor_batch':
      case 'event':
        this.hooks.ephemeral(message)
        return
      case 'pong':
        return
    }
  }

  private onWelcome(welcome: WelcomeMessage): void {
    if (this.welcomeTimer !== undefined) clearTimeout(this.welcomeTimer)
    this.welcomeTimer = undefined
    this.welcome = welcome
    this.options.outbox.keepOnlyUser(welcome.user.id)
    this.snapshotPieces.reset()
    this.everConnected = true
    this.permissions = welcome.permissions
    this.connection.established()
    this.connection.startHeartbeat(welcome.heartbeatMs)
    this.$status.set('connected')
    this.hooks.welcomed(welcome)
    if (!welcome.resumed) return // the structure snapshot follows
    if (this.rollingBack) {
      // a rollback was asked for after this hello left: start over from a snapshot
      this.fresh = true
      this.connection.reconnect()
      return
    }
    const identity = this.identity
    if (
      identity !== undefined &&
      (welcome.replica !== identity.replica || welcome.user.id !== identity.user)
    ) {
      // the server gave another replica id (ours looked taken: our previous session may still
      // be open there), or the token now names another user: same document, new identity
      const replica =
        welcome.user.id === identity.user && welcome.replica !== identity.replica
          ? welcome.replica
          : this.freshReplica()
      this.identity = { replica, user: welcome.user.id, session: welcome.session }
      this.replicaId = replica
      this.options.engine.post({ type: 'rebind', identity: this.identity })
    }
    this.onStructure()
  }

  private onCatchUp(message: CatchUpMessage): void {
    if (message.content.kind === 'snapshot') {
      // SNAP-1: a big structure comes in pieces; a hostile size is a protocol error
      let whole: Uint8Array | undefined
      try {
        whole = this.snapshotPieces.add(message.content.snapshot, message.done)
      } catch (error) {
        this.hooks.error(roomError('protocol_error', (error as Error).message, false))
        return
      }
      if (whole !== undefined) this.adopt(whole, message.toSeq)
      return
    }
    if (this.hasReplica)
      this.options.engine.post({ type: 'catch_up', blocks: message.content.blocks })
    this.partitions.caughtUp(message.partition, message.done)
    this.checkSynced()
  }

  /** A structure snapshot: a new replica under an id that never wrote, the outbox replayed. */
  private adopt(snapshot: Uint8Array, toSeq: number): void {
    const welcome = this.welcome
    if (welcome === undefined) return
    const used = this.options.outbox.replicas()
    if (this.hasReplica) used.add(this.replicaId)
    const replica = used.has(welcome.replica) ? this.freshReplica(used) : welcome.replica
    this.identity = { replica, user: welcome.user.id, session: welcome.session }
    this.replicaId = replica
    this.options.engine.post({
      type: 'load',
      snapshot,
      identity: this.identity,
      replay: this.options.outbox.entries(),
    })
    this.hasReplica = true
    this.fresh = false
    this.rollingBack = false
    this.unsentBlocks.clear()
    this.lastSeq = toSeq
    this.updateSynchronized()
    this.onStructure()
  }

  private freshReplica(used: ReadonlySet<number> = this.options.outbox.replicas()): number {
    let replica = randomReplica(this.options.random)
    while (used.has(replica) || replica === this.replicaId)
      replica = randomReplica(this.options.random)
    return replica
  }

  /** The replica holds the structure: report the viewport, re-send what is unacknowledged. */
  private onStructure(): void {
    this.structureReady = true
    this.partitions.reset()
    this.synced = false
    this.sendViewport(this.hooks.viewport())
    this.sender.reset()
    this.sender.flush()
  }

  private checkSynced(): void {
    if (this.synced || !this.structureReady || !this.partitions.settled) return
    this.synced = true
    if (!this.$loaded.get()) {
      this.$loaded.set(true)
      for (const waiter of this.readyWaiters.splice(0)) waiter.resolve()
    }
    this.updateSynchronized()
  }

  private onReject(message: RejectMessage): void {
    if (this.dropped.has(message.opId)) return
    const envelope = this.options.outbox.get(message.opId)
    if (message.code === 'rate_limited') {
      if (envelope !== undefined) this.sender.rateLimited(message.opId, this.retryAfterMs)
      return
    }
    const base = {
      opId: message.opId,
      code: message.code,
      reason: message.reason,
      ...(envelope === undefined ? {} : { kind: envelope.op.kind }),
      blocks: envelope === undefined ? [] : blocksOf(envelope.op),
    }
    if (LOST.has(message.code)) {
      this.hooks.rejection({ ...base, rolledBack: false, dropped: [] })
      return
    }
    const dropped = this.options.outbox.dropWithDependents(message.opId)
    this.sender.settled(dropped)
    for (const id of dropped.slice(1)) this.dropped.add(id)
    if (this.dropped.size > 10_000) this.dropped.clear()
    this.updateSynchronized()
    this.hooks.rejection({ ...base, rolledBack: envelope !== undefined, dropped: dropped.slice(1) })
    if (envelope !== undefined) this.scheduleResync()
  }

  private onError(message: Extract<ServerMessage, { type: 'error' }>): void {
    const error = roomError(
      fromServerErrorCode(message.code),
      message.message,
      false,
      message.retryAfterMs,
    )
    if (message.fatal) {
      // the close that follows decides whether the room stops, and reports this
      this.closingError = error
      return
    }
    if (message.code === 'rate_limited') {
      this.retryAfterMs = Math.max(100, message.retryAfterMs ?? 1_000)
      this.scheduleRetry()
    }
    this.hooks.error(error)
  }

  /**
   * After a rate-limited message: the server dropped a viewport or catch-up request (or a
   * presence update) without answering; ask again once the wait is over.
   */
  private scheduleRetry(): void {
    if (this.retryTimer !== undefined) return
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      if (this.isOpen) this.partitions.retry(() => this.sendViewport(this.hooks.viewport()))
    }, this.retryAfterMs)
  }

  /** Rolls back by starting over from a fresh snapshot (once per burst of refusals). */
  private scheduleResync(): void {
    this.fresh = true
    this.rollingBack = true
    this.updateSynchronized()
    if (this.resyncScheduled) return
    this.resyncScheduled = true
    queueMicrotask(() => {
      this.resyncScheduled = false
      // offline, the next connection asks for the snapshot anyway
      if (this.welcome !== undefined && !this.stopped) this.connection.reconnect()
    })
  }

  /** The engine could not load a snapshot: the replica is stale or missing. */
  engineFailed(message: string): void {
    this.hooks.error(roomError('internal', message))
  }

  private opsMayGo(): boolean {
    return (
      this.isOpen && this.structureReady && this.hasReplica && this.permissions.includes('write')
    )
  }

  /** Edits are on their way through the engine (not yet local ops): not synchronized. */
  engineBusy(busy: boolean): void {
    this.editsInEngine = busy
    this.updateSynchronized()
  }

  /** Loaded, nothing unacknowledged or in the engine, no rollback waiting for its snapshot. */
  private updateSynchronized(): void {
    this.$synchronized.set(
      this.$loaded.get() &&
        this.options.outbox.size === 0 &&
        !this.rollingBack &&
        !this.editsInEngine,
    )
  }

  private failWaiters(error: RoomError): void {
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(error)
  }
}

const blocksOf = (op: DurableOp): BlockId[] => [
  ...new Set([...createdBlocks(op), ...referencedBlocks(op)].filter((b) => b !== ROOT_ID)),
]

/** Why the server could not decode this envelope, or undefined when it could. */
const encodingProblem = (envelope: Envelope): string | undefined => {
  try {
    const decoded = decodeEnvelope(encodeEnvelope(envelope))
    return decoded.ok ? undefined : decoded.error.message
  } catch (error) {
    return (error as Error)?.message ?? String(error)
  }
}
