/**
 * `createClient`: the entry point. A client knows where the server is and how to get tokens;
 * it enters rooms (one per document) and owns what they share: the token source and the
 * outbox store.
 */
import {
  type AuthEndpoint,
  authEndpointTokens,
  type DevTokenOptions,
  devTokens,
  type FetchLike,
  fixedToken,
  type TokenSource,
} from './auth/token-source.js'
import type { BackoffOptions } from './connection/backoff.js'
import type { WebSocketConstructor } from './connection/connection.js'
import { type EngineChoice, engineFactory } from './engine/engine-choice.js'
import { createIndexedDbOutboxStore } from './outbox/indexeddb-store.js'
import { createMemoryOutboxStore } from './outbox/memory-store.js'
import type { OutboxStore } from './outbox/store.js'
import { type EnterRoomOptions, Room } from './room/room.js'
import type { PresenceData } from './room/types.js'

export interface ClientOptions {
  /** The server's sync endpoint, e.g. `wss://sync.example.com/v1/sync`. */
  readonly url: string
  /** A fixed access token. It cannot be refreshed: a refused token stops the room. */
  readonly token?: string
  /**
   * Your backend's token endpoint: a URL answering `POST {"docId"}` with `{"token"}`, or a
   * function returning a token. Asked on every connection attempt that needs a new token.
   */
  readonly authEndpoint?: AuthEndpoint
  /**
   * Dev mode: fetch a token from the server's `POST /v1/dev/token` and keep it (localStorage
   * in the browser, memory in Node), so the user id survives reconnects.
   */
  readonly dev?: boolean | DevTokenOptions
  /** The WebSocket class: pass `ws`'s in Node; the global one by default. */
  readonly WebSocket?: WebSocketConstructor
  /**
   * Where unacknowledged ops are kept: IndexedDB in browsers (they survive a reload), memory
   * elsewhere. Pass `createMemoryOutboxStore()` or `createIndexedDbOutboxStore()` to choose.
   */
  readonly outbox?: OutboxStore
  /** Reconnection delays. */
  readonly backoff?: BackoffOptions
  /** How long opening a socket may take. Default 10 s. */
  readonly connectionTimeoutMs?: number
  /** `fetch` for the auth endpoint and dev tokens; the global one by default. */
  readonly fetch?: FetchLike
  /**
   * Where each room's replica (Yjs, the block tree, Markdown) runs: `'auto'` (default) a Web
   * Worker in a browser window, else the calling thread; `'worker'`, `'inline'`, or an
   * `EngineFactory` of your own (e.g. `workerEngine(() => new Worker(…))`).
   */
  readonly engine?: EngineChoice
}

export interface Client {
  /** Enters a room (one document); the same room again while it is entered. */
  enterRoom<P extends PresenceData = PresenceData>(
    id: string,
    options?: EnterRoomOptions<P>,
  ): Room<P>
  /** The room entered under this id, if any. */
  getRoom(id: string): Room | undefined
  /** Leaves every room and releases the outbox store. */
  destroy(): void
}

const tokenSource = (options: ClientOptions): TokenSource => {
  const given = [options.token !== undefined, options.authEndpoint !== undefined, !!options.dev]
  if (given.filter(Boolean).length > 1)
    throw new TypeError('createClient takes one of token, authEndpoint and dev')
  if (options.token !== undefined) return fixedToken(options.token)
  if (options.authEndpoint !== undefined)
    return authEndpointTokens(options.authEndpoint, options.fetch)
  if (options.dev)
    return devTokens(options.url, options.dev === true ? {} : options.dev, options.fetch)
  // no token: a dev server admits the session as a new anonymous guest each time
  return { token: async () => undefined, canRefresh: false }
}

const defaultOutboxStore = (): OutboxStore =>
  typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'object' &&
  typeof (globalThis as { window?: unknown }).window === 'object'
    ? createIndexedDbOutboxStore()
    : createMemoryOutboxStore()

export const createClient = (options: ClientOptions): Client => {
  if (typeof options?.url !== 'string' || !/^wss?:\/\//.test(options.url))
    throw new TypeError('createClient needs the sync endpoint as a ws:// or wss:// url')
  const tokens = tokenSource(options)
  const engine = engineFactory(options.engine)
  const outboxStore = options.outbox ?? defaultOutboxStore()
  const rooms = new Map<string, Room<never>>()
  return {
    enterRoom<P extends PresenceData = PresenceData>(
      id: string,
      roomOptions: EnterRoomOptions<P> = {},
    ) {
      const entered = rooms.get(id)
      if (entered !== undefined) return entered as unknown as Room<P>
      const room = new Room<P>(
        id,
        {
          url: options.url,
          tokens,
          outboxStore,
          ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
          ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
          ...(options.connectionTimeoutMs === undefined
            ? {}
            : { connectionTimeoutMs: options.connectionTimeoutMs }),
          engine,
          onLeave: (left) => {
            if (rooms.get(id) === left) rooms.delete(id)
          },
        },
        roomOptions,
      )
      rooms.set(id, room as unknown as Room<never>)
      return room
    },
    getRoom(id) {
      return rooms.get(id) as Room | undefined
    },
    destroy() {
      for (const room of [...rooms.values()]) room.leave()
      rooms.clear()
      if (options.outbox === undefined) outboxStore.close?.()
    },
  }
}
