// Ways to authenticate, and an outbox that survives reloads. Included in apps/docs/sdk.md.
import {
  createClient,
  createIndexedDbOutboxStore,
  createMemoryOutboxStore,
} from '@markdownsync/sdk'

// your backend's endpoint: POST {"docId"} → {"token"}; asked again when a token expires
export const production = createClient({
  url: 'wss://sync.example.com/v1/sync',
  authEndpoint: '/api/markdownsync-token',
  outbox: createIndexedDbOutboxStore(), // the default in browsers
})

// or a function, for custom headers or another transport
export const withFunction = createClient({
  url: 'wss://sync.example.com/v1/sync',
  authEndpoint: async (docId) => {
    const response = await fetch('/api/token', { method: 'POST', body: JSON.stringify({ docId }) })
    return ((await response.json()) as { token: string }).token
  },
})

// a fixed token (tests, scripts): a 4403 cannot be recovered from
export const fixed = createClient({ url: 'ws://127.0.0.1:4455/v1/sync', token: 'eyJ…' })

// dev mode: a token from the server's POST /v1/dev/token, kept across reconnects
export const dev = createClient({
  url: 'ws://127.0.0.1:4455/v1/sync',
  dev: { name: 'Ada' },
  outbox: createMemoryOutboxStore(),
})
