/**
 * The real server in the test process: `createServer` from the built `@markdownsync/server`,
 * PGlite in memory, real WebSockets on an ephemeral port (or a given one, to restart "the
 * same server" on the same storage).
 */
import type { CanonicalDoc } from '@markdownsync/core'
import { createServer, openStorage, type Storage } from '@markdownsync/server'
import { expect } from 'vitest'
import WebSocket from 'ws'
import { type Client, createClient, type Room } from '../../src/index.js'
import { eventually } from './wait.js'

export type App = Awaited<ReturnType<typeof createServer>>

export interface RealServer {
  readonly app: App
  readonly port: number
  readonly url: string
  close(): Promise<void>
}

export const startServer = async (storage: Storage, port = 0): Promise<RealServer> => {
  const app = await createServer({ dev: true, storage, logger: false })
  await app.listen({ port, host: '127.0.0.1' })
  const address = app.server.address()
  const bound = typeof address === 'object' && address !== null ? address.port : port
  return {
    app,
    port: bound,
    url: `ws://127.0.0.1:${bound}/v1/sync`,
    close: () => app.close(),
  }
}

export { openStorage }

/** A Node client the way an app (a bot) makes one: dev tokens, `ws`, quick reconnects. */
export const nodeClient = (url: string): Client =>
  createClient({ url, dev: true, WebSocket, backoff: { minDelayMs: 20, maxDelayMs: 250 } })

export const markdownOf = async (app: App, doc: string): Promise<string> => {
  const response = await app.inject({ method: 'GET', url: `/v1/documents/${doc}/markdown` })
  expect(response.statusCode).toBe(200)
  return response.body
}

/** A client's copy of the live document (the trash's content is not delivered to viewports). */
export const canonicalOf = async (room: Room): Promise<CanonicalDoc['root']> => {
  const engine = room['engine' as keyof Room] as unknown as {
    query(q: { type: 'canonical' }): Promise<CanonicalDoc | undefined>
  }
  return (await engine.query({ type: 'canonical' }))?.root ?? []
}

/**
 * Waits until every room has sent everything (outbox empty) and all show the server's
 * document: the same Markdown as its export, the same canonical tree as its replica.
 */
export const converged = async (
  app: App,
  doc: string,
  rooms: readonly Room[],
  timeout = 30_000,
): Promise<string> =>
  eventually(async () => {
    for (const [i, room] of rooms.entries())
      expect(room.$synchronized.get(), `room ${i} synchronized`).toBe(true)
    const expected = await markdownOf(app, doc)
    const server = app.markdownsync.rooms.get(doc)?.replica.toCanonical().root
    for (const [i, room] of rooms.entries()) {
      expect(await room.toMarkdown(), `room ${i}'s Markdown`).toBe(expected)
      expect(await canonicalOf(room), `room ${i}'s tree`).toEqual(server)
    }
    return expected
  }, timeout)
