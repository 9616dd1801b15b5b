/**
 * One room's link to the server: a partysocket `ReconnectingWebSocket` that reconnects by
 * itself, with our own delays (backoff.ts), a token asked for on every attempt (so an
 * `authEndpoint` refreshes expired tokens), close codes turned into actions (close-policy.ts),
 * heartbeats, and binary frames decoded into typed server messages.
 *
 * It knows nothing of the protocol's meaning: the room sends `hello` on `open` and reads the
 * messages. Invariant: nothing is sent while the socket is not open — partysocket would queue
 * it and flush it before the `open` event, ahead of the `hello` the server must see first.
 */
import {
  type ClientMessage,
  decodeServerFrame,
  encodeClientFrame,
  type ServerMessage,
} from '@markdownsync/core'
import ReconnectingWebSocket, { type CloseEvent } from 'partysocket/ws'
import type { TokenSource } from '../auth/token-source.js'
import { type RoomError, roomError } from '../errors.js'
import { type BackoffOptions, backoffDelay } from './backoff.js'
import { type CloseAction, closePolicy } from './close-policy.js'

/** A WebSocket class: the browser's, or `ws` in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => unknown

export interface ConnectionOptions {
  readonly url: string
  readonly docId: string
  readonly tokens: TokenSource
  readonly WebSocket?: WebSocketConstructor
  readonly backoff?: BackoffOptions
  /** How long opening a socket may take before the attempt counts as failed. Default 10 s. */
  readonly connectionTimeoutMs?: number
  /** Randomness for jitter; Math.random by default. */
  readonly random?: () => number
}

export interface CloseInfo {
  readonly code: number
  readonly reason: string
  /** What happens next: `stop` means the connection is over for good. */
  readonly action: CloseAction
  readonly error?: RoomError
}

export interface ConnectionHandlers {
  /** The socket is open: send `hello` now (with `connection.token`). */
  open(): void
  messages(messages: readonly ServerMessage[]): void
  close(info: CloseInfo): void
  /** A failure that is not a close: the token could not be fetched, a frame did not decode. */
  error(error: RoomError): void
}

/** Frames the client sends stay well under the server's 1 MiB frame limit. */
export const MAX_OUTGOING_FRAME_BYTES = 768 * 1024

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms)
  })

export class Connection {
  /** The token of the current attempt, for `hello`. */
  token: string | undefined
  private readonly socket: ReconnectingWebSocket
  private failures = 0
  private slow = false
  private refreshToken = false
  private stopped = false
  /** Set by `reconnect()`: the next attempt starts at once. */
  private immediate = false
  private lastReceived = Date.now()
  private heartbeat: ReturnType<typeof setInterval> | undefined
  private pendingPolicy: CloseInfo | undefined
  /** Frames arriving as Blobs decode asynchronously; later frames wait behind them. */
  private queue: Promise<void> | undefined
  /** Bumped on every close, so frames of a dropped socket still decoding are ignored. */
  private epoch = 0

  constructor(
    private readonly options: ConnectionOptions,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.socket = new ReconnectingWebSocket(() => this.nextUrl(), undefined, {
      ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
      // the delays are ours (nextUrl); partysocket only re-runs the attempt
      minReconnectionDelay: 0,
      maxReconnectionDelay: 0,
      reconnectionDelayGrowFactor: 1,
      connectionTimeout: options.connectionTimeoutMs ?? 10_000,
      maxEnqueuedMessages: 0,
      startClosed: true,
      shouldReconnectOnClose: (event: CloseEvent) => {
        const policy = closePolicy(event.code, event.reason)
        this.pendingPolicy = { code: event.code, reason: event.reason, ...policy }
        return (
          policy.action !== 'stop' &&
          !this.stopped &&
          !(policy.action === 'refresh_token' && !this.options.tokens.canRefresh)
        )
      },
    })
    this.socket.binaryType = 'arraybuffer'
    this.socket.addEventListener('open', () => {
      this.lastReceived = Date.now()
      this.handlers.open()
    })
    this.socket.addEventListener('message', (event: MessageEvent) => this.receive(event.data))
    this.socket.addEventListener('close', (event: CloseEvent) => this.onClose(event))
  }

  /** Starts the first attempt. */
  start(): void {
    this.socket.reconnect()
  }

  get isOpen(): boolean {
    return !this.stopped && this.socket.readyState === ReconnectingWebSocket.OPEN
  }

  /** The session was admitted (`welcome`): the next drop starts the backoff from the bottom. */
  established(): void {
    this.failures = 0
    this.slow = false
  }

  /** Encodes the messages as one frame and sends it; false when the socket is not open. */
  send(messages: readonly ClientMessage[]): boolean {
    if (!this.isOpen || messages.length === 0) return false
    return this.sendFrame(encodeClientFrame(messages))
  }

  sendFrame(frame: Uint8Array): boolean {
    if (!this.isOpen) return false
    this.socket.send(frame as Uint8Array<ArrayBuffer>)
    return true
  }

  /** Drops the socket and connects again without delay (a resync, a dead heartbeat). */
  reconnect(): void {
    if (this.stopped) return
    this.immediate = true
    this.stopHeartbeat()
    this.socket.reconnect(1000, 'reconnecting')
  }

  /** Closes for good. */
  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.stopHeartbeat()
    this.socket.close(1000, 'left')
  }

  /**
   * Pings every `intervalMs` (the server closes a session silent for three heartbeats) and
   * reconnects when nothing arrived for two intervals: a half-open socket never says it died.
   */
  startHeartbeat(intervalMs: number): void {
    this.stopHeartbeat()
    if (!(intervalMs > 0)) return
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastReceived > intervalMs * 2) {
        this.reconnect()
        return
      }
      this.send([{ type: 'ping', t: Math.max(0, Math.floor(Date.now())) }])
    }, intervalMs)
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat)
    this.heartbeat = undefined
  }

  /** Runs before every attempt: the backoff delay, then a token. */
  private async nextUrl(): Promise<string> {
    const failures = this.immediate ? 0 : this.failures
    this.immediate = false
    const delay = backoffDelay(failures, this.options.backoff, this.options.random, this.slow)
    if (delay > 0) await sleep(delay)
    if (this.stopped) throw new Error('the room was left')
    try {
      this.token = await this.options.tokens.token({
        docId: this.options.docId,
        refresh: this.refreshToken,
      })
      this.refreshToken = false
    } catch (error) {
      // no socket was made, so no close will count this attempt
      this.failures++
      this.handlers.error(
        roomError('auth_failed', `could not get a token: ${(error as Error)?.message ?? error}`),
      )
      throw error
    }
    return this.options.url
  }

  private onClose(event: CloseEvent): void {
    this.stopHeartbeat()
    this.queue = undefined
    this.epoch++
    const policy = this.pendingPolicy ?? {
      code: event.code,
      reason: event.reason,
      ...closePolicy(event.code, event.reason),
    }
    this.pendingPolicy = undefined
    let info: CloseInfo = policy
    if (this.stopped) info = { ...policy, action: 'stop', error: undefined }
    else if (policy.action === 'refresh_token' && !this.options.tokens.canRefresh) {
      info = {
        ...policy,
        action: 'stop',
        error: roomError(
          'unauthorized',
          `${policy.error?.message ?? 'unauthorized'} (the token is fixed: pass authEndpoint to refresh it)`,
          true,
        ),
      }
    } else if (policy.action === 'refresh_token') this.refreshToken = true
    this.slow = policy.action === 'retry_slow'
    // every close until a session is admitted again counts: even the first retry after a
    // server restart waits a jittered moment, so its clients do not all return at once
    this.failures++
    if (info.action === 'stop') this.stopped = true
    this.handlers.close(info)
  }

  private receive(data: unknown): void {
    this.lastReceived = Date.now()
    const epoch = this.epoch
    if (typeof Blob !== 'undefined' && data instanceof Blob) {
      this.queue = (this.queue ?? Promise.resolve()).then(async () => {
        const bytes = new Uint8Array(await data.arrayBuffer())
        if (epoch === this.epoch) this.decode(bytes)
      })
      return
    }
    const bytes = toBytes(data)
    if (bytes === undefined) {
      this.handlers.error(roomError('protocol_error', 'the server sent a text frame'))
      return
    }
    if (this.queue !== undefined) {
      this.queue = this.queue.then(() => {
        if (epoch === this.epoch) this.decode(bytes)
      })
      return
    }
    this.decode(bytes)
  }

  private decode(bytes: Uint8Array): void {
    if (this.stopped) return
    const decoded = decodeServerFrame(bytes)
    if (decoded.ok) {
      this.handlers.messages(decoded.value)
      return
    }
    if (decoded.error.code === 'unsupported_version') {
      this.handlers.error(
        roomError('unsupported_version', `${decoded.error.message} (please reload)`, true),
      )
      this.stop()
      return
    }
    // a frame we cannot read means state we do not have: start over with a fresh snapshot
    this.handlers.error(
      roomError('protocol_error', `bad frame from the server: ${decoded.error.message}`),
    )
    this.reconnect()
  }
}

const toBytes = (data: unknown): Uint8Array | undefined => {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (Array.isArray(data)) {
    // ws may hand over a list of Buffers
    const parts = data.map((part) => toBytes(part) ?? new Uint8Array(0))
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const part of parts) {
      out.set(part, at)
      at += part.length
    }
    return out
  }
  return undefined
}
