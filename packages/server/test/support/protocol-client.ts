/**
 * A test client that speaks the wire protocol over a real WebSocket and keeps a full
 * DocumentReplica: what the SDK will do, reduced to what the server tests need. It keeps an
 * outbox of unacknowledged ops and re-sends them (same ids and HLCs) after a reconnect.
 */
import {
  applyCursorBatch,
  applyPresenceDiff,
  type ClientMessage,
  type CursorState,
  DocumentReplica,
  decodeServerFrame,
  dropPartition,
  type Envelope,
  encodeClientFrame,
  encodeRelativePosition,
  PROTOCOL_VERSION,
  type PresenceState,
  type PropValue,
  type RejectMessage,
  type ServerMessage,
  SnapshotAssembler,
  type WelcomeMessage,
} from '@markdownsync/core'
import WebSocket from 'ws'

export interface ClientOptions {
  readonly url: string
  readonly docId: string
  readonly token?: string
  readonly replica?: number
  /** Blocks to report as the viewport; `root` (the default) sees the whole document. */
  readonly viewport?: readonly string[]
  /** Randomness for the replica's block ids and position jitter (seeded tests); Math.random. */
  readonly random?: () => number
  /** The presence announced in `hello`. */
  readonly presence?: PropValue
}

export class ProtocolClient {
  replica: DocumentReplica | undefined
  socket: WebSocket | undefined
  welcome: WelcomeMessage | undefined
  lastSeq = 0
  readonly outbox = new Map<string, Envelope>()
  /** Every op this client ever authored, across replicas and reconnects. */
  readonly authored = new Set<string>()
  readonly acked = new Map<string, number>()
  readonly rejects: RejectMessage[] = []
  readonly received: ServerMessage[] = []
  closeCode: number | undefined
  closeReason = ''
  /** Everyone present and the cursors of the partitions this session sees (client-state.ts). */
  presence: PresenceState = new Map()
  cursors: CursorState = new Map()
  /** Partitions the server says this session sees, and those whose catch-up is on its way. */
  subscribed = new Set<string>()
  private readonly catchingUp = new Set<string>()
  private readonly snapshotPieces = new SnapshotAssembler()
  private batching: Envelope[] | undefined
  private synced = false
  private onSynced: (() => void) | undefined
  private replicaId: number
  private unsubscribe: (() => void) | undefined

  constructor(public options: ClientOptions) {
    this.replicaId = options.replica ?? 1 + Math.floor(Math.random() * 0xffff_fffe)
  }

  /** Opens the socket and sends hello; resolves when the document state has arrived. */
  connect(): Promise<void> {
    const socket = new WebSocket(this.options.url)
    socket.binaryType = 'nodebuffer'
    this.socket = socket
    this.closeCode = undefined
    this.synced = false
    this.catchingUp.clear()
    return new Promise((resolve, reject) => {
      let ready = false
      const started = this.received.length
      const watchdog = setTimeout(() => {
        if (!ready && process.env.DEBUG_CLIENT)
          console.log(
            'stuck client',
            JSON.stringify(
              this.received
                .slice(started)
                .map((m) =>
                  m.type === 'subscribed' || m.type === 'error'
                    ? m
                    : m.type === 'catch_up'
                      ? [m.partition, m.done]
                      : m.type,
                ),
            ),
            [...this.catchingUp],
            [...this.subscribed],
          )
      }, 5000)
      watchdog.unref()
      this.onSynced = () => {
        if (ready) return
        ready = true
        this.resend()
        resolve()
      }
      socket.on('open', () => {
        this.sendRaw({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          docId: this.options.docId,
          replica: this.replicaId,
          ...(this.options.token === undefined ? {} : { token: this.options.token }),
          ...(this.lastSeq > 0 ? { lastSeq: this.lastSeq } : {}),
          outbox: this.outbox.size,
          ...(this.options.presence === undefined ? {} : { presence: this.options.presence }),
        })
      })
      socket.on('message', (data: Buffer) => {
        const decoded = decodeServerFrame(new Uint8Array(data))
        if (!decoded.ok) throw new Error(`bad server frame: ${decoded.error.message}`)
        for (const message of decoded.value) {
          this.received.push(message)
          this.handle(message)
        }
      })
      socket.on('close', (code, reason) => {
        this.closeCode = code
        this.closeReason = reason.toString()
        if (!ready) reject(new Error(`closed ${code} ${reason.toString()}`))
      })
      socket.on('error', (error) => {
        if (!ready) reject(error)
      })
    })
  }

  /** The structure is here: report the viewport; content follows by catch-up. */
  private structureReady(): void {
    this.subscribed.clear()
    this.sendRaw({ type: 'viewport', blocks: this.options.viewport ?? ['root'] })
  }

  setViewport(blocks: readonly string[]): void {
    this.sendRaw({ type: 'viewport', blocks })
  }

  private requestCatchUp(partitions: readonly string[]): void {
    for (const p of partitions) this.catchingUp.add(p)
    for (let i = 0; i < partitions.length; i += 64)
      this.sendRaw({
        type: 'catch_up_request',
        partitions: partitions.slice(i, i + 64).map((partition) => ({ partition, sinceSeq: 0 })),
      })
  }

  /** Resolves when every partition the session sees has caught up. */
  caughtUp(): Promise<void> {
    if (this.catchingUp.size === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.catchingUp.size === 0) resolve()
        else setTimeout(check, 5)
      }
      check()
    })
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.welcome = message
        if (message.resumed) this.structureReady()
        break
      case 'catch_up':
        if (message.content.kind === 'snapshot') {
          const whole = this.snapshotPieces.add(message.content.snapshot, message.done)
          if (whole === undefined) break
          this.adoptSnapshot(whole)
          this.lastSeq = Math.max(this.lastSeq, message.toSeq)
          this.structureReady()
        } else {
          this.replica?.applyCatchUp(message.content.blocks)
          if (message.done) this.catchingUp.delete(message.partition)
          if (this.synced === false && this.catchingUp.size === 0 && this.subscribed.size > 0) {
            this.synced = true
            this.onSynced?.()
          }
        }
        break
      case 'subscribed': {
        const added = message.partitions.filter((p) => !this.subscribed.has(p))
        // CURSOR-2: a partition no longer seen loses its cursors
        for (const p of this.subscribed)
          if (!message.partitions.includes(p)) this.cursors = dropPartition(this.cursors, p)
        this.subscribed = new Set(message.partitions)
        if (added.length > 0) this.requestCatchUp(added)
        else if (!this.synced && this.catchingUp.size === 0) {
          this.synced = true
          this.onSynced?.()
        }
        break
      }
      case 'ops':
        this.replica?.apply(message.entries.map((e) => e.envelope))
        for (const entry of message.entries) this.lastSeq = Math.max(this.lastSeq, entry.seq)
        break
      case 'ack':
        for (const ack of message.acks) {
          this.outbox.delete(ack.opId)
          this.acked.set(ack.opId, ack.seq)
        }
        break
      case 'cursor_batch':
        this.cursors = applyCursorBatch(this.cursors, message)
        break
      case 'presence_diff':
        this.presence = applyPresenceDiff(this.presence, message)
        break
      case 'reject':
        this.rejects.push(message)
        // a refused op was never sequenced; a lost one was and will be acked too
        if (message.code !== 'concurrent_move' && message.code !== 'cycle')
          this.outbox.delete(message.opId)
        break
      default:
        break
    }
  }

  /** A snapshot replaces the replica (under a new id, TEXT-1); the outbox is replayed into it. */
  private adoptSnapshot(snapshot: Uint8Array): void {
    this.unsubscribe?.()
    this.replicaId = 1 + Math.floor(Math.random() * 0xffff_fffe)
    const replica = DocumentReplica.fromSnapshot(snapshot, {
      replica: this.replicaId,
      user: this.welcome?.user.id ?? 'unknown',
      session: this.welcome?.session ?? 'unknown',
      ...(this.options.random === undefined ? {} : { random: this.options.random }),
    })
    replica.apply([...this.outbox.values()])
    this.unsubscribe = replica.onLocalOp((envelope) => {
      this.outbox.set(envelope.id, envelope)
      this.authored.add(envelope.id)
      if (this.batching !== undefined) this.batching.push(envelope)
      else this.sendRaw({ type: 'ops', envelopes: [envelope] })
    })
    this.replica = replica
  }

  /** Whether every partition the session sees has caught up. */
  get isCaughtUp(): boolean {
    return this.catchingUp.size === 0
  }

  /**
   * Runs `edit` on the replica and sends the ops it makes as one `ops` message, so the server
   * sequences them in one go, before its next flush.
   */
  batch(edit: (doc: DocumentReplica) => void): void {
    this.batching = []
    try {
      edit(this.doc)
    } finally {
      const envelopes = this.batching
      this.batching = undefined
      if (envelopes.length > 0) this.sendRaw({ type: 'ops', envelopes })
    }
  }

  /** The partitions whose catch-up was asked for and has not finished. */
  get pendingCatchUps(): readonly string[] {
    return [...this.catchingUp]
  }

  /** Puts this session's caret at `index` of a block's text (a `cursor` message). */
  moveCursor(block: string, index: number): void {
    this.sendRaw({
      type: 'cursor',
      block,
      anchor: encodeRelativePosition(this.doc.yText(block), index),
    })
  }

  setPresence(data: PropValue): void {
    this.sendRaw({ type: 'presence', data })
  }

  private resend(): void {
    const pending = [...this.outbox.values()]
    for (let i = 0; i < pending.length; i += 200)
      this.sendRaw({ type: 'ops', envelopes: pending.slice(i, i + 200) })
  }

  sendRaw(message: ClientMessage): void {
    this.sendBytes(encodeClientFrame([message]))
  }

  sendBytes(bytes: Uint8Array | string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(bytes)
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN
  }

  /** Resolves once the socket is closed (by either side). */
  closed(): Promise<void> {
    const socket = this.socket
    if (socket === undefined || socket.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => socket.once('close', () => resolve()))
  }

  async close(): Promise<void> {
    this.socket?.close()
    await this.closed()
  }

  get doc(): DocumentReplica {
    if (this.replica === undefined) throw new Error('not synced yet')
    return this.replica
  }
}
