/**
 * An observer: a full replica of the document over one session that sees everything (viewport
 * `root`), decoded with the real, validating decoder. Each generator process has one; it is
 * the model its editors write from, and at the end its Markdown export is compared with the
 * server's (divergence must be zero).
 */

import { writeFileSync } from 'node:fs'
import {
  type BlockId,
  type ClientMessage,
  DocumentReplica,
  decodeServerFrame,
  encodeClientFrame,
  PROTOCOL_VERSION,
  ROOT_ID,
  type ServerMessage,
  SnapshotAssembler,
} from '@markdownsync/core'
import WebSocket from 'ws'

const TEXT_TYPES = new Set(['paragraph', 'heading', 'list_item', 'code'])

export class Observer {
  replica: DocumentReplica | undefined
  lastSeq = 0
  errors: string[] = []
  private socket: WebSocket | undefined
  private catchingUp = new Set<string>()
  private readonly pieces = new SnapshotAssembler()
  private synced = false
  private onSynced: (() => void) | undefined
  private orderCache: BlockId[] | undefined
  private orderIndex = new Map<BlockId, number>()
  private session = 'observer'
  private user = 'observer'

  constructor(
    private readonly url: string,
    private readonly docId: string,
  ) {}

  connect(): Promise<void> {
    const socket = new WebSocket(this.url, { perMessageDeflate: false })
    socket.binaryType = 'nodebuffer'
    this.socket = socket
    return new Promise((resolve, reject) => {
      this.onSynced = resolve
      socket.on('open', () =>
        this.send({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          docId: this.docId,
          replica: 1 + Math.floor(Math.random() * 0xfff0_0000),
          client: 'bench-observer',
        }),
      )
      socket.on('message', (data: Buffer) => {
        const decoded = decodeServerFrame(new Uint8Array(data))
        if (!decoded.ok) {
          this.errors.push(`undecodable frame: ${decoded.error.message}`)
          return
        }
        for (const message of decoded.value) this.handle(message)
      })
      socket.on('close', (code, reason) => {
        if (!this.synced) reject(new Error(`observer closed ${code} ${reason}`))
        else if (code !== 1000 && code !== 1005) this.errors.push(`closed ${code} ${reason}`)
      })
      socket.on('error', (error) => {
        if (!this.synced) reject(error)
      })
    })
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(encodeClientFrame([message]))
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.session = message.session
        this.user = message.user.id
        break
      case 'catch_up':
        if (message.content.kind === 'snapshot') {
          // SNAP-1: a structure snapshot bigger than a frame comes in pieces
          const snapshot = this.pieces.add(message.content.snapshot, message.done)
          if (snapshot === undefined) break
          try {
            this.replica = DocumentReplica.fromSnapshot(snapshot, {
              replica: 1 + Math.floor(Math.random() * 0xfff0_0000),
              user: this.user,
              session: this.session,
            })
          } catch (error) {
            this.errors.push(
              `a snapshot from the server does not load: ${(error as Error).message}`,
            )
            if (process.env.LOAD_DEBUG_DIR !== undefined)
              writeFileSync(`${process.env.LOAD_DEBUG_DIR}/snapshot-${Date.now()}.bin`, snapshot)
            return
          }
          this.lastSeq = Math.max(this.lastSeq, message.toSeq)
          this.orderCache = undefined
          this.send({ type: 'viewport', blocks: [ROOT_ID] })
        } else {
          this.replica?.applyCatchUp(message.content.blocks)
          if (message.done) this.catchingUp.delete(message.partition)
          this.checkSynced()
        }
        break
      case 'subscribed': {
        const added = message.partitions.filter((p) => !this.catchingUp.has(p))
        for (const p of added) this.catchingUp.add(p)
        for (let i = 0; i < added.length; i += 64)
          this.send({
            type: 'catch_up_request',
            partitions: added.slice(i, i + 64).map((partition) => ({ partition, sinceSeq: 0 })),
          })
        this.checkSynced()
        break
      }
      case 'ops': {
        this.replica?.apply(message.entries.map((e) => e.envelope))
        for (const entry of message.entries) {
          this.lastSeq = Math.max(this.lastSeq, entry.seq)
          if (entry.envelope.op.kind !== 'edit_text' && entry.envelope.op.kind !== 'set_property')
            this.orderCache = undefined
        }
        break
      }
      case 'error':
        this.errors.push(`${message.code}: ${message.message}`)
        break
      case 'lagging':
        this.errors.push(`observer lagging at seq ${message.seq}`)
        break
      default:
        break
    }
  }

  private checkSynced(): void {
    if (!this.synced && this.catchingUp.size === 0 && this.replica !== undefined) {
      this.synced = true
      this.onSynced?.()
    }
  }

  get doc(): DocumentReplica {
    if (this.replica === undefined) throw new Error('observer not synced')
    return this.replica
  }

  /** Live blocks in document order (pre-order), recomputed after structure changes. */
  order(): readonly BlockId[] {
    if (this.orderCache === undefined) {
      const out: BlockId[] = []
      const doc = this.doc
      const visit = (id: BlockId): void => {
        for (const child of doc.children(id)) {
          out.push(child)
          visit(child)
        }
      }
      visit(ROOT_ID)
      this.orderCache = out
      this.orderIndex = new Map(out.map((b, i) => [b, i]))
    }
    return this.orderCache
  }

  indexOf(block: BlockId): number | undefined {
    this.order()
    return this.orderIndex.get(block)
  }

  isText(block: BlockId): boolean {
    return TEXT_TYPES.has(this.doc.type(block))
  }

  close(): void {
    this.socket?.close()
  }
}
