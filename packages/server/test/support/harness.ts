/**
 * A real server on an ephemeral port (real WebSockets, real PGlite in memory unless a storage
 * is given) and protocol clients connected to it.
 */
import type { FastifyInstance } from 'fastify'
import type { MarkdownSyncPluginOptions } from '../../src/plugin.js'
import { createServer } from '../../src/server.js'
import { openPgliteStorage } from '../../src/storage/index.js'
import type { Storage } from '../../src/storage/storage.js'
import { type ClientOptions, ProtocolClient } from './protocol-client.js'

export interface Harness {
  readonly app: FastifyInstance
  readonly url: string
  readonly storage: Storage
  client(docId: string, options?: Partial<ClientOptions>): Promise<ProtocolClient>
  close(): Promise<void>
}

export const startServer = async (options: MarkdownSyncPluginOptions = {}): Promise<Harness> => {
  const storage = options.storage ?? (await openPgliteStorage({}))
  const app = await createServer({ dev: true, ...options, storage })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const url = `ws://127.0.0.1:${port}/v1/sync`
  const clients: ProtocolClient[] = []
  return {
    app,
    url,
    storage,
    async client(docId, clientOptions = {}) {
      const client = new ProtocolClient({ url, docId, ...clientOptions })
      clients.push(client)
      await client.connect()
      return client
    },
    async close() {
      for (const client of clients) client.socket?.terminate()
      await app.close()
      if (options.storage === undefined) await storage.close()
    },
  }
}

/** Polls `condition` until it holds (no fixed sleeps), failing after `timeoutMs`. */
export const until = async (
  condition: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> => {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
