/**
 * A bare WebSocket to the sync endpoint that sends whatever bytes a test gives it and records
 * what comes back: decoded server messages, and the close code and reason. For the bad-input
 * and permission suites, where the client is the thing misbehaving.
 */
import {
  type DurableOp,
  decodeServerFrame,
  type Envelope,
  type ErrorMessage,
  encodeClientFrame,
  type HelloMessage,
  hlcToString,
  PROTOCOL_VERSION,
  type RejectMessage,
  type ServerMessage,
  USER_ORIGIN,
  type WelcomeMessage,
} from '@markdownsync/core'
import WebSocket from 'ws'
import { until } from './harness.js'

export interface Closed {
  readonly code: number
  readonly reason: string
}

export interface RawSessionOptions {
  /** Which server messages to keep in `messages` (all by default): a flood test keeps few. */
  readonly keep?: (message: ServerMessage) => boolean
}

export class RawSession {
  readonly messages: ServerMessage[] = []
  /** Server frames this client could not decode (there should never be any). */
  undecodable = 0
  closedWith: Closed | undefined
  private readonly whenClosed: Promise<Closed>
  private counter = 0

  private constructor(
    readonly socket: WebSocket,
    options: RawSessionOptions,
  ) {
    const keep = options.keep ?? (() => true)
    socket.binaryType = 'nodebuffer'
    socket.on('message', (data: Buffer) => {
      const decoded = decodeServerFrame(new Uint8Array(data))
      if (!decoded.ok) this.undecodable++
      else for (const message of decoded.value) if (keep(message)) this.messages.push(message)
    })
    // a refused or reset connection also ends in 'close'; the error itself tells nothing more
    socket.on('error', () => undefined)
    this.whenClosed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() }
        resolve(this.closedWith)
      }),
    )
  }

  /** An open socket that has sent nothing yet. */
  static open(url: string, options: RawSessionOptions = {}): Promise<RawSession> {
    const session = new RawSession(new WebSocket(url), options)
    return new Promise((resolve, reject) => {
      session.socket.once('open', () => resolve(session))
      session.socket.once('error', reject)
    })
  }

  /** A session admitted to `docId` (its `welcome` arrived). */
  static async join(
    url: string,
    docId: string,
    hello: Partial<HelloMessage> = {},
    options: RawSessionOptions = {},
  ): Promise<RawSession> {
    const session = await RawSession.open(url, options)
    session.hello(docId, hello)
    await session.welcomed()
    return session
  }

  hello(docId: string, extra: Partial<HelloMessage> = {}): void {
    this.sendMessage({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      docId,
      replica: 1 + Math.floor(Math.random() * 0xffff_fffe),
      ...extra,
    })
  }

  /** Resolves with the welcome, or fails with the close that came instead. */
  async welcomed(): Promise<WelcomeMessage> {
    await until(
      () => this.welcome !== undefined || this.closedWith !== undefined,
      10_000,
      'welcome',
    )
    if (this.welcome === undefined)
      throw new Error(`closed ${this.closedWith?.code} ${this.closedWith?.reason}`)
    return this.welcome
  }

  get welcome(): WelcomeMessage | undefined {
    return this.messages.find((m): m is WelcomeMessage => m.type === 'welcome')
  }

  sendMessage(...messages: Parameters<typeof encodeClientFrame>[0]): void {
    this.send(encodeClientFrame(messages))
  }

  send(bytes: Uint8Array | string): void {
    this.socket.send(bytes)
  }

  /** An envelope for `op` as this session would stamp it; `over` replaces any field. */
  envelope(op: DurableOp, over: Partial<Envelope> = {}): Envelope {
    const welcome = this.welcome
    if (welcome === undefined) throw new Error('not joined')
    const hlc = { ms: Date.now(), counter: this.counter++ & 0xffff, replica: welcome.replica }
    return {
      id: hlcToString(hlc),
      hlc,
      user: welcome.user.id,
      session: welcome.session,
      origin: USER_ORIGIN,
      op,
      ...over,
    }
  }

  closed(): Promise<Closed> {
    return this.whenClosed
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  errors(): ErrorMessage[] {
    return this.messages.filter((m): m is ErrorMessage => m.type === 'error')
  }

  rejects(): RejectMessage[] {
    return this.messages.filter((m): m is RejectMessage => m.type === 'reject')
  }

  /** Every `(opId, seq)` acknowledged so far, duplicates included, in arrival order. */
  acks(): { opId: string; seq: number }[] {
    return this.messages.flatMap((m) => (m.type === 'ack' ? m.acks : []))
  }

  /** Waits for a message matching `predicate`, or fails when the socket closes first. */
  async next<T extends ServerMessage>(
    predicate: (m: ServerMessage) => m is T,
    what: string,
    timeoutMs = 10_000,
  ): Promise<T> {
    await until(
      () => this.messages.some(predicate) || this.closedWith !== undefined,
      timeoutMs,
      what,
    )
    const found = this.messages.find(predicate)
    if (found === undefined)
      throw new Error(`closed ${this.closedWith?.code} before ${what}: ${this.closedWith?.reason}`)
    return found
  }

  terminate(): void {
    this.socket.terminate()
  }
}
