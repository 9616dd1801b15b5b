/**
 * A MarkdownSync server in the test process, on msw's WebSocket interception: enough of the
 * protocol for the SDK's unit tests (hello/welcome, structure snapshot, outline, viewport →
 * subscribed, catch-up, ops → broadcast + ack, reject hooks, ping). Everything it received is
 * kept for assertions, and tests steer it (refuse an op, hold acks, close sockets with a code).
 */
import {
  type CatchUpBlock,
  type ClientMessage,
  DocumentReplica,
  decodeClientFrame,
  type Envelope,
  encodeServerFrame,
  type HelloMessage,
  type Permission,
  type RejectCode,
  ROOT_ID,
  type ServerMessage,
  TYPE_PROPERTY,
} from '@markdownsync/core'
import { ws } from 'msw'
import { setupServer } from 'msw/node'
import WebSocket from 'ws'

export const FAKE_URL = 'ws://fake.markdownsync.test/v1/sync'

type Client = Parameters<
  Parameters<ReturnType<typeof ws.link>['addEventListener']>[1]
>[0]['client'] & {
  readonly socket: { readonly readyState: number }
}

export interface FakeConnection {
  readonly client: Client
  hello: HelloMessage | undefined
  session: string
  readonly received: ClientMessage[]
  send(messages: readonly ServerMessage[]): void
  close(code: number, reason?: string): void
}

export interface FakeServerOptions {
  readonly permissions?: readonly Permission[]
  /** The user id; a function of the token to tell users apart. */
  readonly user?: (token: string | undefined) => string
}

const toBytes = (data: unknown): Uint8Array => {
  if (data instanceof Uint8Array) return data
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  throw new Error(`unexpected frame ${typeof data}`)
}

let globalInstalled = false

/** msw intercepts the global WebSocket class, which Node 20 does not have: `ws` stands in. */
export const installWebSocketGlobal = (): void => {
  if (globalInstalled || typeof globalThis.WebSocket === 'function') return
  globalInstalled = true
  ;(globalThis as { WebSocket?: unknown }).WebSocket = WebSocket
}

export class FakeServer {
  readonly replica = new DocumentReplica({ replica: 1, reportRejectionsOf: 'all' })
  readonly log: Envelope[] = []
  readonly connections: FakeConnection[] = []
  /** Every message every connection sent, in order. */
  readonly received: ClientMessage[] = []
  permissions: readonly Permission[]
  /** Answers `ack` after applying an op; tests turn it off to keep ops unacknowledged. */
  autoAck = true
  /** Decides each incoming op: a code refuses it (`reject`), undefined applies it. */
  decide: (envelope: Envelope) => RejectCode | undefined = () => undefined
  /** Accept new connections; when false they are closed at once (server down). */
  accepting = true
  /** Answer pings (false: a half-open connection that says nothing). */
  answerPings = true
  /** Ops are ignored entirely, as if lost on the way. */
  dropOps = false
  /** Sequenced and acknowledged, but reported to the author as lost (MOVE-1/2). */
  lose: (envelope: Envelope) => RejectCode | undefined = () => undefined
  /** `retryAfterMs` of the error sent before `rate_limited` rejects. */
  retryAfterMs = 50
  private sessions = 0
  readonly msw: ReturnType<typeof setupServer>

  constructor(private readonly options: FakeServerOptions = {}) {
    this.permissions = options.permissions ?? ['read', 'write', 'presence']
    const link = ws.link(FAKE_URL)
    this.msw = setupServer(
      link.addEventListener('connection', ({ client }) => this.accept(client as Client)),
    )
  }

  /** Seeds the document with top-level paragraphs, as another writer did before. */
  seed(texts: readonly string[]): string[] {
    const writer = new DocumentReplica({ replica: 2, user: 'seed' })
    const envelopes: Envelope[] = []
    writer.onLocalOp((e) => envelopes.push(e))
    const ids = texts.map(
      (text) => writer.insertBlock({ parent: ROOT_ID, type: 'paragraph', text }).op.block,
    )
    this.replica.apply(envelopes)
    this.log.push(...envelopes)
    return ids
  }

  listen(): void {
    installWebSocketGlobal()
    this.msw.listen({ onUnhandledRequest: 'bypass' })
  }

  close(): void {
    this.msw.close()
  }

  get seq(): number {
    return this.log.length
  }

  get open(): FakeConnection[] {
    return this.connections.filter((c) => c.client.socket.readyState === 1)
  }

  /** The messages of a type every connection sent. */
  sent<T extends ClientMessage['type']>(type: T): Extract<ClientMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type)
  }

  /** Closes every open connection with a code, as a server would. */
  closeAll(code: number, reason = ''): void {
    for (const connection of this.open) connection.close(code, reason)
  }

  broadcast(messages: readonly ServerMessage[]): void {
    for (const connection of this.open)
      if (connection.hello !== undefined) connection.send(messages)
  }

  private accept(client: Client): void {
    const connection: FakeConnection = {
      client,
      hello: undefined,
      session: `s${++this.sessions}`,
      received: [],
      send: (messages) => client.send(encodeServerFrame(messages)),
      close: (code, reason) => client.close(code, reason),
    }
    this.connections.push(connection)
    if (!this.accepting) {
      queueMicrotask(() => client.close(1011, 'down'))
      return
    }
    client.addEventListener('message', (event) => {
      const decoded = decodeClientFrame(toBytes(event.data))
      if (!decoded.ok) throw new Error(`bad client frame: ${decoded.error.message}`)
      for (const message of decoded.value) {
        connection.received.push(message)
        this.received.push(message)
        this.handle(connection, message)
      }
    })
  }

  private userOf(connection: FakeConnection): string {
    return this.options.user?.(connection.hello?.token) ?? 'user-1'
  }

  private handle(connection: FakeConnection, message: ClientMessage): void {
    switch (message.type) {
      case 'hello': {
        connection.hello = message
        const resumed = message.lastSeq !== undefined && message.lastSeq <= this.seq
        const out: ServerMessage[] = [
          {
            type: 'welcome',
            protocol: message.protocol,
            session: connection.session,
            replica: message.replica,
            user: { id: this.userOf(connection), name: 'Ada', color: '#0090ff', kind: 'human' },
            permissions: this.permissions,
            seq: this.seq,
            partitionMapVersion: 1,
            serverTime: Date.now(),
            resumed,
            heartbeatMs: 15_000,
          },
        ]
        if (resumed) {
          const missed = this.log.slice(message.lastSeq)
          if (missed.length > 0)
            out.push({
              type: 'ops',
              entries: missed.map((envelope, i) => ({ seq: message.lastSeq! + i + 1, envelope })),
            })
        } else
          out.push({
            type: 'catch_up',
            partition: ROOT_ID,
            fromSeq: 0,
            toSeq: this.seq,
            content: {
              kind: 'snapshot',
              snapshot: this.replica.encodeSnapshot({ content: () => false }),
            },
            done: true,
          })
        out.push({
          type: 'outline',
          partitionMapVersion: 1,
          seq: this.seq,
          partitions: [
            {
              id: 'p0',
              firstBlock: this.replica.children(ROOT_ID)[0] ?? ROOT_ID,
              blockCount: this.replica.children(ROOT_ID).length,
              seq: this.seq,
              headings: [],
            },
          ],
        })
        connection.send(out)
        return
      }
      case 'viewport':
        connection.send([{ type: 'subscribed', partitionMapVersion: 1, partitions: ['p0'] }])
        return
      case 'catch_up_request':
        connection.send(
          message.partitions.map((p) => ({
            type: 'catch_up' as const,
            partition: p.partition,
            fromSeq: 0,
            toSeq: this.seq,
            content: { kind: 'blocks' as const, blocks: this.catchUpBlocks() },
            done: true,
          })),
        )
        return
      case 'ops':
        if (!this.dropOps) this.receiveOps(connection, message.envelopes)
        return
      case 'ping':
        if (this.answerPings)
          connection.send([{ type: 'pong', t: message.t, serverTime: Date.now() }])
        return
      default:
        return
    }
  }

  private receiveOps(connection: FakeConnection, envelopes: readonly Envelope[]): void {
    const acks: { opId: string; seq: number }[] = []
    const sequenced: { seq: number; envelope: Envelope }[] = []
    const rejects: ServerMessage[] = []
    for (const envelope of envelopes) {
      const known = this.log.findIndex((e) => e.id === envelope.id)
      if (known >= 0) {
        acks.push({ opId: envelope.id, seq: known + 1 })
        continue
      }
      const refusal = this.decide(envelope)
      if (refusal !== undefined) {
        rejects.push({
          type: 'reject',
          opId: envelope.id,
          code: refusal,
          reason: `refused: ${refusal}`,
        })
        continue
      }
      // CREATE-2 at the edge: an op naming a block the document never had waits (here: forever)
      if (!this.replica.isReady(envelope)) continue
      this.replica.apply([envelope])
      this.log.push(envelope)
      sequenced.push({ seq: this.seq, envelope })
      acks.push({ opId: envelope.id, seq: this.seq })
      const lost = this.lose(envelope)
      if (lost !== undefined)
        rejects.push({ type: 'reject', opId: envelope.id, code: lost, reason: `lost: ${lost}` })
    }
    if (rejects.some((r) => r.type === 'reject' && r.code === 'rate_limited'))
      connection.send([
        {
          type: 'error',
          code: 'rate_limited',
          message: 'too many ops messages',
          fatal: false,
          retryAfterMs: this.retryAfterMs,
        },
      ])
    if (rejects.length > 0) connection.send(rejects)
    if (sequenced.length > 0) this.broadcast([{ type: 'ops', entries: sequenced }])
    if (this.autoAck && acks.length > 0) connection.send([{ type: 'ack', acks }])
  }

  private catchUpBlocks(): CatchUpBlock[] {
    const out: CatchUpBlock[] = []
    const visit = (id: string): void => {
      for (const child of this.replica.children(id)) {
        const registers = this.replica.propertyRegisters(child)
        const type = registers.find((r) => r.key === TYPE_PROPERTY)!
        out.push({
          id: child,
          parent: id,
          key: this.replica.position(child)!,
          lastMove: this.replica.moveRegister(child),
          type: this.replica.type(child),
          typeStamp: type.stamp,
          props: registers.filter((r) => r.key !== TYPE_PROPERTY),
          text: this.replica.encodeText(child),
        })
        visit(child)
      }
    }
    visit(ROOT_ID)
    return out
  }
}
