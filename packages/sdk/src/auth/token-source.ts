/**
 * Where a room's access token comes from, asked once per connection attempt so that a
 * reconnect after an expired token (close 4403) gets a fresh one. Three sources:
 *
 * - a fixed token (`{ token }`): cannot be refreshed, so a 4403 stops the room;
 * - the app's auth endpoint (`{ authEndpoint }`): `POST {docId}` answering `{ token }`, or a
 *   function; tokens are cached per document and fetched again when refused or about to expire;
 * - dev mode (`{ dev: true }`): one token from the server's `POST /v1/dev/token`, kept (memory in
 *   Node, localStorage in the browser) so the user id survives reconnects and reloads. Tokenless
 *   dev sessions are a new anonymous user per connection, and the ops they re-send after a
 *   reconnect would be refused as another user's (guides/auth.md, "Dev mode").
 */

export interface TokenRequest {
  readonly docId: string
  /** The server refused the previous token (4403): do not answer from a cache. */
  readonly refresh: boolean
}

export interface TokenSource {
  /** A token for the document; undefined connects without one (tokenless dev mode). */
  token(request: TokenRequest): Promise<string | undefined>
  /** Whether asking again can give another token; a fixed token cannot. */
  readonly canRefresh: boolean
}

/** The subset of the Web Storage API the dev token is kept in. */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown>; text(): Promise<string> }>

/** The auth endpoint: a URL answering `POST {"docId"}` with `{"token"}`, or a function. */
export type AuthEndpoint = string | ((docId: string) => Promise<string>)

/** A token that expires within this margin is fetched again before connecting. */
const EXPIRY_MARGIN_MS = 30_000

export const fixedToken = (token: string): TokenSource => ({
  token: async () => token,
  canRefresh: false,
})

/** The `exp` claim of a JWT in ms, or undefined when the token is not a readable JWT. */
export const tokenExpiry = (token: string): number | undefined => {
  const payload = token.split('.')[1]
  if (payload === undefined) return undefined
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/')
    const json = JSON.parse(
      atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=')),
    )
    return typeof json.exp === 'number' ? json.exp * 1000 : undefined
  } catch {
    return undefined
  }
}

const fresh = (token: string): boolean => {
  const expiry = tokenExpiry(token)
  return expiry === undefined || expiry - EXPIRY_MARGIN_MS > Date.now()
}

const postJson = async (fetchFn: FetchLike, url: string, body: unknown): Promise<unknown> => {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!response.ok) {
    const text = await response.text().catch(() => '')
    throw new Error(
      `${url} answered ${response.status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`,
    )
  }
  return response.json()
}

const tokenFrom = (body: unknown, url: string): string => {
  const token = (body as { token?: unknown } | null)?.token
  if (typeof token !== 'string' || token === '') throw new Error(`${url} answered no "token"`)
  return token
}

const defaultFetch = (): FetchLike => {
  if (typeof fetch !== 'function') throw new Error('no fetch: pass `fetch` to createClient')
  return fetch as unknown as FetchLike
}

export const authEndpointTokens = (endpoint: AuthEndpoint, fetchFn?: FetchLike): TokenSource => {
  const cache = new Map<string, string>()
  return {
    canRefresh: true,
    async token({ docId, refresh }) {
      const cached = cache.get(docId)
      if (!refresh && cached !== undefined && fresh(cached)) return cached
      const token =
        typeof endpoint === 'function'
          ? await endpoint(docId)
          : tokenFrom(await postJson(fetchFn ?? defaultFetch(), endpoint, { docId }), endpoint)
      cache.set(docId, token)
      return token
    },
  }
}

/** The dev token route next to a sync endpoint: `…/v1/sync` → `…/v1/dev/token` over HTTP(S). */
export const devTokenUrl = (syncUrl: string): string => {
  const url = new URL(syncUrl)
  url.protocol =
    url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol
  url.pathname = /\/v1\/sync\/?$/.test(url.pathname)
    ? url.pathname.replace(/\/v1\/sync\/?$/, '/v1/dev/token')
    : '/v1/dev/token'
  url.search = ''
  url.hash = ''
  return url.toString()
}

const memoryStorage = (): KeyValueStorage => {
  const items = new Map<string, string>()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value)
    },
    removeItem: (key) => {
      items.delete(key)
    },
  }
}

/** localStorage where there is one (browsers), memory elsewhere (Node). */
export const defaultDevStorage = (): KeyValueStorage => {
  try {
    const storage = (globalThis as { localStorage?: KeyValueStorage }).localStorage
    if (storage !== undefined) return storage
  } catch {
    // a sandboxed iframe throws on access
  }
  return memoryStorage()
}

export interface DevTokenOptions {
  /** The display name of the dev user the server creates. */
  readonly name?: string
  /** Where the token is kept; localStorage in the browser, memory in Node. */
  readonly storage?: KeyValueStorage
}

export const devTokens = (
  syncUrl: string,
  options: DevTokenOptions = {},
  fetchFn?: FetchLike,
): TokenSource => {
  const url = devTokenUrl(syncUrl)
  const storage = options.storage ?? defaultDevStorage()
  const key = `markdownsync:dev-token:${url}`
  let pending: Promise<string> | undefined
  return {
    canRefresh: true,
    async token({ refresh }) {
      const kept = storage.getItem(key)
      if (!refresh && kept !== null && fresh(kept)) return kept
      // rooms entered together share one request, so they share one dev user; a renewal
      // asks to stay the same user, so the outbox's ops stay this user's
      const userId = storage.getItem(`${key}:user`)
      pending ??= postJson(fetchFn ?? defaultFetch(), url, {
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(userId === null ? {} : { userId }),
      })
        .then((body) => {
          const token = tokenFrom(body, url)
          storage.setItem(key, token)
          const user = (body as { userId?: unknown }).userId
          if (typeof user === 'string') storage.setItem(`${key}:user`, user)
          return token
        })
        .finally(() => {
          pending = undefined
        })
      return pending
    },
  }
}
