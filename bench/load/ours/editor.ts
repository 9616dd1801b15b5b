/**
 * A simulated editor (or agent) on our server: one real WebSocket session that speaks the
 * protocol — hello, viewport, catch-up requests for the partitions it starts to see, ops,
 * cursor moves, pings — with no replica of its own. It writes from its process's model
 * (authoring.ts) and reads what it receives with the skimming reader (frame-skim.ts),
 * measuring each op's and cursor's age on arrival.
 */
import {
  type BlockId,
  type ClientMessage,
  encodeClientFrame,
  encodeRelativePosition,
  type Origin,
  PROTOCOL_VERSION,
  REJECT_CODES,
  SERVER_ERROR_CODES,
  USER_ORIGIN,
} from '@markdownsync/core'
import WebSocket from 'ws'
import { randomInt } from '../../core/random.js'
import type { LoadStats } from '../measure/load-stats.js'
import { type Author, newAuthor } from './authoring.js'
import { chooseEdit, type EditMix } from './edits.js'
import { type FrameVisitor, type ServerMessageType, skimFrame } from './frame-skim.js'
import type { Observer } from './observer.js'

export interface EditorWorld {
  readonly url: string
  readonly docId: string
  readonly model: Observer
  readonly stats: LoadStats
  /** Every editor of this process by session id, to find who sent a cursor. */
  readonly sessions: Map<string, OurEditor>
  readonly viewportSize: number
  /** Share of viewport changes that jump to a random place. */
  readonly jumpShare: number
  stopping: boolean
}

export type ActorKind = 'editor' | 'agent'
export type ActionKind = 'edit' | 'cursor' | 'viewport' | 'ping'

/** Op kinds by their index in the wire schema: 5 and 6 (text, property) are content. */
const CONTENT_KINDS = new Set([5, 6])
/** Rejections that say the op lost a conflict; it was sequenced and will be acknowledged. */
const LOST = new Set(['concurrent_move', 'cycle', 'duplicate_block'])
const CURSOR_RING = 8

export class OurEditor implements FrameVisitor {
  private socket: WebSocket | undefined
  private author: Author | undefined
  private start = 0
  private viewportBlocks: readonly BlockId[] = []
  private partitions = new Set<string>()
  private readonly seqWhenLeft = new Map<string, number>()
  private lastSeq = 0
  unacked = 0
  private readonly cursorTimes = new Float64Array(CURSOR_RING)
  private readonly cursorHashes = new Uint32Array(CURSOR_RING)
  private cursorNext = 0
  private framed = 0
  private ready: (() => void) | undefined
  private joined = false

  constructor(
    readonly index: number,
    readonly kind: ActorKind,
    private readonly world: EditorWorld,
    private readonly random: () => number,
    private readonly mix: EditMix,
  ) {}

  get isOpen(): boolean {
    return this.joined && this.socket?.readyState === WebSocket.OPEN
  }

  connect(): Promise<void> {
    const socket = new WebSocket(this.world.url, { perMessageDeflate: false })
    socket.binaryType = 'nodebuffer'
    this.socket = socket
    this.joined = false
    return new Promise((resolve, reject) => {
      this.ready = resolve
      socket.on('open', () =>
        this.send({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          docId: this.world.docId,
          replica: 1 + Math.floor(Math.random() * 0xfff0_0000),
          presence: { name: `${this.kind} ${this.index}` },
          client: 'bench-load',
        }),
      )
      socket.on('message', (data: Buffer) => {
        this.framed = 0
        skimFrame(data, this)
        this.world.stats.received(this.index, this.framed)
        this.world.stats.count('receivedFrames')
        this.world.stats.count('receivedBytes', data.length)
      })
      socket.on('close', (code) => {
        if (this.author !== undefined) this.world.sessions.delete(this.author.session)
        if (!this.joined) reject(new Error(`session closed before joining (${code})`))
        this.joined = false
        if (this.world.stopping) return
        this.world.stats.countAlways('reconnects')
        this.world.stats.countAlways(`close.${code}`)
        if (this.unacked > 0) this.world.stats.countAlways('lostInFlight', this.unacked)
        this.unacked = 0
        setTimeout(
          () => void this.connect().catch(() => undefined),
          1_000 + randomInt(this.random, 1_000),
        )
      })
      socket.on('error', () => undefined)
    })
  }

  close(): void {
    this.socket?.close()
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(encodeClientFrame([message]))
  }

  // ------------------------------------------------------------------ actions

  act(action: ActionKind): boolean {
    if (!this.isOpen || this.author === undefined) return false
    switch (action) {
      case 'edit':
        return this.edit()
      case 'cursor':
        return this.moveCursor()
      case 'viewport':
        this.scroll()
        return true
      case 'ping':
        this.send({ type: 'ping', t: Date.now() })
        return true
    }
  }

  private edit(): boolean {
    this.refreshViewport()
    const choice = chooseEdit(
      {
        model: this.world.model,
        author: this.author!,
        viewport: this.viewportBlocks,
        random: this.random,
        inFlight: this.unacked > 0,
      },
      this.mix,
    )
    if (choice === undefined) return false
    this.send({ type: 'ops', envelopes: [choice.envelope] })
    this.unacked++
    this.world.stats.count(`sent.op.${choice.kind}`)
    return true
  }

  private moveCursor(): boolean {
    this.refreshViewport()
    const model = this.world.model
    const blocks = this.viewportBlocks.filter((b) => model.isText(b))
    if (blocks.length === 0) return false
    const block = blocks[randomInt(this.random, blocks.length)]!
    const text = model.doc.yText(block)
    const anchor = encodeRelativePosition(text, randomInt(this.random, text.length + 1))
    let hash = 0x811c9dc5
    for (const b of anchor) hash = Math.imul(hash ^ b, 0x01000193)
    const slot = this.cursorNext++ % CURSOR_RING
    this.cursorHashes[slot] = hash >>> 0
    this.cursorTimes[slot] = Date.now()
    this.send({ type: 'cursor', block, anchor })
    return true
  }

  /** When this session sent the cursor whose anchor hashes to `hash`, if it still knows. */
  cursorSentAt(hash: number): number | undefined {
    for (let i = 0; i < CURSOR_RING; i++) {
      const slot = (this.cursorNext - 1 - i + CURSOR_RING * 2) % CURSOR_RING
      if (this.cursorHashes[slot] === hash && this.cursorTimes[slot]! > 0)
        return this.cursorTimes[slot]
    }
    return undefined
  }

  /** Scrolls: mostly a few blocks within the same region, sometimes a jump elsewhere. */
  private scroll(): void {
    const length = this.world.model.order().length
    const span = Math.max(1, length - this.world.viewportSize)
    if (this.kind === 'editor' && this.random() < this.world.jumpShare)
      this.start = randomInt(this.random, span)
    else this.start = Math.min(span - 1, Math.max(0, this.start + randomInt(this.random, 31) - 15))
    this.sendViewport()
  }

  private refreshViewport(): void {
    const order = this.world.model.order()
    this.viewportBlocks = order.slice(this.start, this.start + this.world.viewportSize)
  }

  private sendViewport(): void {
    this.refreshViewport()
    this.send({ type: 'viewport', blocks: [...this.viewportBlocks] })
  }

  // ------------------------------------------------------------------ what arrives

  message(_type: ServerMessageType): void {
    this.framed++
    this.world.stats.count(`received.${_type}`)
  }

  welcome(session: string, replica: number, user: string): void {
    const origin: Origin =
      this.kind === 'agent'
        ? { kind: 'agent', agent: `bench-agent-${this.index}`, agentSession: session }
        : USER_ORIGIN
    this.author = newAuthor({ user, session, replica, origin })
    this.world.sessions.set(session, this)
    this.partitions.clear()
    this.seqWhenLeft.clear()
  }

  op(seq: number, ms: number, replica: number, kind: number): void {
    if (seq > this.lastSeq) this.lastSeq = seq
    if (replica === this.author?.replica || !this.world.stats.measuring) return
    this.world.stats.record(CONTENT_KINDS.has(kind) ? 'editText' : 'editStructure', Date.now() - ms)
  }

  ack(ms: number, _seq: number): void {
    this.unacked--
    this.world.stats.record('ack', Date.now() - ms)
  }

  reject(_ms: number, code: number): void {
    const name = REJECT_CODES[code] ?? `#${code}`
    if (LOST.has(name)) this.world.stats.countAlways(`conflict.${name}`)
    else {
      this.unacked--
      this.world.stats.countAlways(`error.reject.${name}`)
    }
  }

  subscribed(partitions: string[]): void {
    const next = new Set(partitions)
    for (const p of this.partitions) if (!next.has(p)) this.seqWhenLeft.set(p, this.lastSeq)
    const added = partitions.filter((p) => !this.partitions.has(p))
    this.partitions = next
    if (added.length > 0)
      this.send({
        type: 'catch_up_request',
        partitions: added
          .slice(0, 64)
          .map((partition) => ({ partition, sinceSeq: this.seqWhenLeft.get(partition) ?? 0 })),
      })
    if (!this.joined) {
      this.joined = true
      this.ready?.()
    }
  }

  catchUp(partition: string, toSeq: number, done: boolean): void {
    if (partition === 'root') {
      // the structure snapshot may come in pieces (SNAP-1): act on the last one
      if (!done) return
      if (toSeq > this.lastSeq) this.lastSeq = toSeq
      // the structure is here: show a viewport (an agent keeps its region)
      const span = Math.max(1, this.world.model.order().length - this.world.viewportSize)
      if (this.viewportBlocks.length === 0) this.start = randomInt(this.random, span)
      this.sendViewport()
    } else if (done) this.world.stats.count('catchUps')
  }

  cursor(session: string, anchorHash: number, afterSubscribe: boolean): void {
    if (afterSubscribe || session === this.author?.session || !this.world.stats.measuring) return
    const sentAt = this.world.sessions.get(session)?.cursorSentAt(anchorHash)
    if (sentAt !== undefined) this.world.stats.record('cursor', Date.now() - sentAt)
  }

  error(code: number, fatal: boolean, message: string): void {
    const name = SERVER_ERROR_CODES[code] ?? code
    // the message names the traffic class of a rate limit; ids in it would split the counts
    const what = message.replace(/\b(s[0-9a-z]{8,}|[A-Za-z0-9_-]{16})\b/g, '…')
    this.world.stats.countAlways(`error.${name}${fatal ? ' (fatal)' : ''}: ${what}`)
  }

  lagging(): void {
    this.world.stats.countAlways('lagging')
  }
}
