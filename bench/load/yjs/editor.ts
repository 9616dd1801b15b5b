/**
 * A simulated editor on the Yjs reference: one y-websocket connection with no document of its
 * own. Like a y-websocket provider it sends sync step 1, answers the server's step 1, sends
 * its updates and its awareness (the cursor, 3/s, as y-prosemirror's cursor plugin does); it
 * receives every update and awareness change of the document, which it skims to measure age.
 * Its edits are made on the process's shared model document (yjs/driver.ts).
 */
import WebSocket from 'ws'
import * as Y from 'yjs'
import { randomInt } from '../../core/random.js'
import type { LoadStats } from '../measure/load-stats.js'
import type { EditMix } from '../ours/edits.js'
import { FRAGMENT, isTextElement, textOf } from './document-model.js'
import { makeEdit } from './edits.js'
import {
  awarenessKeys,
  awarenessMessage,
  readMessage,
  SYNC_STEP1,
  SYNC_STEP2,
  syncStep1,
  syncStep2,
  syncUpdate,
  updateKey,
} from './wire.js'

export interface SentUpdate {
  readonly at: number
  readonly author: number
  readonly text: boolean
}

export interface YjsWorld {
  readonly url: string
  readonly model: Y.Doc
  readonly stats: LoadStats
  /** Updates sent by this process's editors, by `updateKey`. */
  readonly sent: Map<number, SentUpdate>
  /** Awareness changes sent by this process's editors, by client × 2²¹ + clock. */
  readonly cursors: Map<number, number>
  readonly viewportSize: number
  /** Share of viewport changes that jump to a random place. */
  readonly jumpShare: number
  stopping: boolean
  /** Blocks in document order, re-read at most every 200 ms. */
  order(): readonly Y.XmlElement[]
}

const EMPTY_STATE_VECTOR = Uint8Array.of(0)
const EMPTY_UPDATE = Uint8Array.of(0, 0)

export class YjsEditor {
  private socket: WebSocket | undefined
  private start = 0
  private awarenessClock = 0
  private joined = false
  inFlight = 0
  /** Whether the edit being made is a text edit (read when its update is sent). */
  editIsText = false

  constructor(
    readonly index: number,
    readonly clientId: number,
    readonly kind: 'editor' | 'agent',
    private readonly world: YjsWorld,
    private readonly random: () => number,
    private readonly mix: EditMix,
  ) {}

  connect(): Promise<void> {
    const socket = new WebSocket(this.world.url, { perMessageDeflate: false })
    socket.binaryType = 'nodebuffer'
    this.socket = socket
    return new Promise((resolve, reject) => {
      socket.on('open', () => socket.send(syncStep1(EMPTY_STATE_VECTOR)))
      socket.on('message', (data: Buffer) => {
        if (
          this.receive(new Uint8Array(data.buffer, data.byteOffset, data.length)) &&
          !this.joined
        ) {
          this.joined = true
          const span = Math.max(1, this.world.order().length - this.world.viewportSize)
          this.start = randomInt(this.random, span)
          resolve()
        }
      })
      socket.on('close', (code) => {
        if (!this.joined) reject(new Error(`closed before syncing (${code})`))
        this.joined = false
        if (this.world.stopping) return
        this.world.stats.countAlways('reconnects')
        this.world.stats.countAlways(`close.${code}`)
        if (this.inFlight > 0) this.world.stats.countAlways('lostInFlight', this.inFlight)
        this.inFlight = 0
        setTimeout(
          () => void this.connect().catch(() => undefined),
          1_000 + randomInt(this.random, 1_000),
        )
      })
      socket.on('error', () => undefined)
    })
  }

  /** Skims one message; true when it was the server's sync step 2 (the document is here). */
  private receive(bytes: Uint8Array): boolean {
    const stats = this.world.stats
    stats.received(this.index, 1)
    stats.count('receivedFrames')
    stats.count('receivedBytes', bytes.length)
    const message = readMessage(bytes)
    if (message.kind === 'awareness') {
      stats.count('received.awareness')
      if (!stats.measuring) return false
      const now = Date.now()
      for (const key of awarenessKeys(message.payload)) {
        if (Math.floor(key / 2 ** 21) === this.clientId) continue
        const at = this.world.cursors.get(key)
        if (at !== undefined) stats.record('cursor', now - at)
      }
      return false
    }
    if (message.kind !== 'sync') return false
    if (message.step === SYNC_STEP1) {
      stats.count('received.syncStep1')
      this.send(syncStep2(EMPTY_UPDATE))
      return false
    }
    stats.count(message.step === SYNC_STEP2 ? 'received.syncStep2' : 'received.update')
    const key = updateKey(message.payload)
    const sent = key === undefined ? undefined : this.world.sent.get(key)
    if (sent !== undefined) {
      if (sent.author === this.index) {
        this.inFlight--
        stats.record('ack', Date.now() - sent.at)
      } else stats.record(sent.text ? 'editText' : 'editStructure', Date.now() - sent.at)
    }
    return message.step === SYNC_STEP2
  }

  private send(bytes: Uint8Array): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(bytes)
  }

  get isOpen(): boolean {
    return this.joined && this.socket?.readyState === WebSocket.OPEN
  }

  close(): void {
    this.socket?.close()
  }

  /** Sends an update this editor made on the model (called from the model's update event). */
  sendUpdate(update: Uint8Array): void {
    const key = updateKey(update)
    if (key !== undefined)
      this.world.sent.set(key, { at: Date.now(), author: this.index, text: this.editIsText })
    this.inFlight++
    this.send(syncUpdate(update))
  }

  private viewport(): Y.XmlElement[] {
    return this.world.order().slice(this.start, this.start + this.world.viewportSize)
  }

  act(action: 'edit' | 'cursor' | 'viewport' | 'ping'): boolean {
    if (!this.isOpen) return false
    switch (action) {
      case 'edit':
        return this.edit()
      case 'cursor':
        return this.moveCursor()
      case 'viewport': {
        // y-websocket has no viewport: scrolling only changes where this editor works
        const span = Math.max(1, this.world.order().length - this.world.viewportSize)
        if (this.kind === 'editor' && this.random() < this.world.jumpShare)
          this.start = randomInt(this.random, span)
        else
          this.start = Math.min(span - 1, Math.max(0, this.start + randomInt(this.random, 31) - 15))
        return true
      }
      case 'ping':
        return false
    }
  }

  private edit(): boolean {
    const model = this.world.model
    const viewport = this.viewport()
    let kind: string | undefined
    const own = model.clientID
    model.clientID = this.clientId
    try {
      model.transact(() => {
        kind = makeEdit(viewport, model.getXmlFragment(FRAGMENT), this.random, this.mix)
        this.editIsText = kind === 'text_insert' || kind === 'text_delete'
      }, this)
    } finally {
      model.clientID = own
    }
    if (kind === undefined) return false
    this.world.stats.count(`sent.op.${kind}`)
    return true
  }

  private moveCursor(): boolean {
    const blocks = this.viewport().filter((e) => isTextElement(e) && !e._item?.deleted)
    const block = blocks[randomInt(this.random, blocks.length)]
    if (block === undefined) return false
    const text = textOf(block)
    const anchor = Y.relativePositionToJSON(
      Y.createRelativePositionFromTypeIndex(text, randomInt(this.random, text.length + 1)),
    )
    const clock = ++this.awarenessClock
    const state = JSON.stringify({
      user: { name: `${this.kind} ${this.index}`, color: '#4f46e5' },
      cursor: { anchor, head: anchor },
    })
    this.world.cursors.set(this.clientId * 2 ** 21 + (clock % 2 ** 21), Date.now())
    this.send(awarenessMessage(this.clientId, clock, state))
    return true
  }
}
