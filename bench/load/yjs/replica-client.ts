/**
 * A full Yjs client of the y-websocket protocol, as y-websocket's provider behaves: on open it
 * sends sync step 1 (its state vector); it answers the server's step 1 with step 2 (what the
 * server lacks); it applies every step 2 and update it receives. `synced` resolves when the
 * server's step 2 has arrived. Local changes are sent only when `sendLocal` is on (the model
 * doc of a generator sends its editors' changes on their own sockets instead).
 */
import WebSocket from 'ws'
import * as Y from 'yjs'
import { readMessage, SYNC_STEP1, SYNC_STEP2, syncStep1, syncStep2, syncUpdate } from './wire.js'

const REMOTE = Symbol('remote')

export class YjsReplicaClient {
  readonly doc = new Y.Doc()
  readonly synced: Promise<void>
  errors: string[] = []
  /** Updates applied from the server. */
  updates = 0
  private readonly socket: WebSocket

  constructor(url: string, options: { sendLocal: boolean; clientId?: number }) {
    if (options.clientId !== undefined) this.doc.clientID = options.clientId
    this.socket = new WebSocket(url, { perMessageDeflate: false })
    this.socket.binaryType = 'nodebuffer'
    this.synced = new Promise((resolve, reject) => {
      this.socket.on('open', () => this.socket.send(syncStep1(Y.encodeStateVector(this.doc))))
      this.socket.on('message', (data: Buffer) => {
        const message = readMessage(new Uint8Array(data))
        if (message.kind !== 'sync') return
        if (message.step === SYNC_STEP1)
          this.socket.send(syncStep2(Y.encodeStateAsUpdate(this.doc, message.payload)))
        else {
          Y.applyUpdate(this.doc, message.payload, REMOTE)
          this.updates++
          if (message.step === SYNC_STEP2) resolve()
        }
      })
      this.socket.on('close', (code) => {
        reject(new Error(`closed ${code}`))
        if (code !== 1000 && code !== 1005) this.errors.push(`closed ${code}`)
      })
      this.socket.on('error', (error) => reject(error))
    })
    if (options.sendLocal)
      this.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) this.send(syncUpdate(update))
      })
  }

  send(bytes: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes)
  }

  /** Resolves once everything sent so far has been applied by the server (its reply to step 1). */
  roundTrip(): Promise<void> {
    return new Promise((resolve) => {
      const onMessage = (data: Buffer): void => {
        const message = readMessage(new Uint8Array(data))
        if (message.kind === 'sync' && message.step === SYNC_STEP2) {
          this.socket.off('message', onMessage)
          resolve()
        }
      }
      this.socket.on('message', onMessage)
      this.send(syncStep1(Y.encodeStateVector(this.doc)))
    })
  }

  close(): void {
    this.socket.close()
  }
}
