/**
 * Global setup (Node) for the DOM and browser tests: the real server — `createServer` from
 * the built `@markdownsync/server` in dev mode, PGlite in memory, real WebSockets on an
 * ephemeral loopback port — with one long document (10,000 paragraphs) imported over HTTP.
 * Tests get its address with `inject('syncUrl')`.
 *
 * The server is not a dependency of this package: it is loaded from the workspace's build
 * (`pnpm --filter @markdownsync/server build`).
 */
import type { TestProject } from 'vitest/node'
import { LONG_DOCUMENT, LONG_DOCUMENT_BLOCKS, longMarkdown } from './documents.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's sync endpoint, `ws://127.0.0.1:PORT/v1/sync`. */
    syncUrl: string
  }
}

type ServerModule = typeof import('../../../server/dist/index.js')

export default async function startServer(project: TestProject): Promise<() => Promise<void>> {
  const { createServer, openStorage }: ServerModule = await import('../../../server/dist/index.js')
  const storage = await openStorage({})
  const app = await createServer({ dev: true, storage, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (typeof address !== 'object' || address === null) throw new Error('the server has no port')

  const created = await app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: { id: LONG_DOCUMENT, markdown: longMarkdown(LONG_DOCUMENT_BLOCKS) },
  })
  if (created.statusCode !== 201)
    throw new Error(`importing ${LONG_DOCUMENT} failed: ${created.statusCode} ${created.body}`)

  project.provide('syncUrl', `ws://127.0.0.1:${address.port}/v1/sync`)
  return async () => {
    await app.close()
    await storage.close()
  }
}
