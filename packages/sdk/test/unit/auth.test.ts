/** Tokens per connection attempt: dev tokens kept across reconnects, the auth endpoint asked. */
import { HttpResponse, http } from 'msw'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { devTokenUrl, tokenExpiry } from '../../src/auth/token-source.js'
import { type Client, createClient, type KeyValueStorage } from '../../src/index.js'
import { FAKE_URL, FakeServer } from '../support/fake-server.js'
import { until } from '../support/wait.js'

let server: FakeServer
let client: Client | undefined
beforeEach(() => {
  server = new FakeServer()
  server.seed(['alpha'])
  server.listen()
})
afterEach(() => {
  client?.destroy()
  client = undefined
  server.close()
})

const base64url = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url')
const jwt = (claims: Record<string, unknown>): string =>
  `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}.signature`

const memory = (): KeyValueStorage & { items: Map<string, string> } => {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  }
}

const backoff = { minDelayMs: 1, maxDelayMs: 5 }

describe('tokens', () => {
  it('dev mode fetches one token and keeps it across reconnects, so the user stays the same', async () => {
    let issued = 0
    server.msw.use(
      http.post(devTokenUrl(FAKE_URL), () =>
        HttpResponse.json({
          token: jwt({ sub: `dev-${++issued}`, exp: Date.now() / 1000 + 3600 }),
          userId: `dev-${issued}`,
        }),
      ),
    )
    client = createClient({ url: FAKE_URL, dev: { storage: memory() }, backoff })
    const room = client.enterRoom('doc')
    await room.ready()
    server.closeAll(1006)
    await until(room.$status, (s) => s === 'reconnecting')
    await until(room.$status, (s) => s === 'connected')
    const tokens = server.sent('hello').map((h) => h.token)
    expect(tokens).toHaveLength(2)
    expect(tokens[1]).toBe(tokens[0])
    expect(issued).toBe(1)
  })

  it('dev mode replaces a kept token that has expired', async () => {
    const storage = memory()
    storage.setItem(`markdownsync:dev-token:${devTokenUrl(FAKE_URL)}`, jwt({ exp: 1 }))
    const fresh = jwt({ exp: Date.now() / 1000 + 3600 })
    server.msw.use(
      http.post(devTokenUrl(FAKE_URL), () => HttpResponse.json({ token: fresh, userId: 'dev-2' })),
    )
    client = createClient({ url: FAKE_URL, dev: { storage }, backoff })
    await client.enterRoom('doc').ready()
    expect(server.sent('hello')[0]?.token).toBe(fresh)
  })

  it('dev mode renews an expired token as the same user, so its outbox stays its own', async () => {
    const storage = memory()
    const key = `markdownsync:dev-token:${devTokenUrl(FAKE_URL)}`
    storage.setItem(key, jwt({ exp: 1 }))
    storage.setItem(`${key}:user`, 'dev-0123456789ab')
    const bodies: unknown[] = []
    server.msw.use(
      http.post(devTokenUrl(FAKE_URL), async ({ request }) => {
        bodies.push(await request.json())
        return HttpResponse.json({
          token: jwt({ exp: Date.now() / 1000 + 3600 }),
          userId: 'dev-0123456789ab',
        })
      }),
    )
    client = createClient({ url: FAKE_URL, dev: { storage, name: 'Ada' }, backoff })
    await client.enterRoom('doc').ready()
    expect(bodies).toEqual([{ name: 'Ada', userId: 'dev-0123456789ab' }])
  })

  it('the auth endpoint gets POST {docId} and answers the token hello carries', async () => {
    const bodies: unknown[] = []
    server.msw.use(
      http.post('http://app.test/api/token', async ({ request }) => {
        bodies.push(await request.json())
        return HttpResponse.json({ token: 'from-endpoint' })
      }),
    )
    client = createClient({ url: FAKE_URL, authEndpoint: 'http://app.test/api/token', backoff })
    await client.enterRoom('doc-7').ready()
    expect(bodies).toEqual([{ docId: 'doc-7' }])
    expect(server.sent('hello')[0]?.token).toBe('from-endpoint')
  })

  it('an auth endpoint that fails is an error, retried with backoff', async () => {
    let calls = 0
    client = createClient({
      url: FAKE_URL,
      backoff,
      authEndpoint: async () => {
        if (++calls < 3) throw new Error('503 from the app')
        return 'third-time'
      },
    })
    const room = client.enterRoom('doc')
    const codes: string[] = []
    room.on('error', (e) => codes.push(e.code))
    await room.ready()
    expect(codes).toEqual(['auth_failed', 'auth_failed'])
    expect(server.sent('hello')[0]?.token).toBe('third-time')
  })

  it('reads the expiry of a JWT and the dev token route next to the sync endpoint', () => {
    expect(tokenExpiry(jwt({ exp: 1_700_000_000 }))).toBe(1_700_000_000_000)
    expect(tokenExpiry('not-a-jwt')).toBeUndefined()
    expect(devTokenUrl('wss://example.com/sync/v1/sync')).toBe(
      'https://example.com/sync/v1/dev/token',
    )
  })
})
