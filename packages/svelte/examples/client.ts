// One client for the whole app: it knows the server and how to get tokens.
import { createClient } from '@markdownsync/sdk'

export const client = createClient({
  url: 'wss://sync.example.com/v1/sync',
  authEndpoint: '/api/markdownsync-token', // POST {docId} → {token}
})
