/**
 * The whole product for the browser suite: the real server in this process (`createServer`
 * from the built @markdownsync/server, PGlite in memory, a real port), and the playground built
 * by Vite and served by `vite preview`, which proxies `/v1` (HTTP and WebSocket) to the server —
 * the way `pnpm playground` runs them.
 */
import { fileURLToPath } from 'node:url'
import { build, type PreviewServer, preview } from 'vite'
// the server is not a dependency of the playground app: the test loads its built package
import {
  createServer,
  openStorage,
  type Storage,
} from '../../../../../packages/server/dist/index.js'

export type ServerApp = Awaited<ReturnType<typeof createServer>>

export interface Stack {
  readonly app: ServerApp
  /** The playground's address (serving the app and proxying the server). */
  readonly url: string
  close(): Promise<void>
}

const appRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** Starts everything; `name` keeps each suite's build apart. */
export const startStack = async (name: string): Promise<Stack> => {
  const storage: Storage = await openStorage({})
  const app = await createServer({ dev: true, storage, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const preview = await startPreview(name, `http://127.0.0.1:${port}`)
  return {
    app,
    url: preview.url,
    close: async () => {
      await preview.close()
      await app.close()
      await storage.close()
    },
  }
}

/** Builds the app into `.build/<name>` and serves it with `vite preview` proxied to `server`. */
export const startPreview = async (
  name: string,
  server: string,
): Promise<{ url: string; close(): Promise<void> }> => {
  const outDir = fileURLToPath(new URL(`../.build/${name}`, import.meta.url))
  // vite.config.ts reads where the server is when it loads
  process.env.MARKDOWNSYNC_SERVER = server
  await build({ root: appRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  const previewServer: PreviewServer = await preview({
    root: appRoot,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  })
  const url = previewServer.resolvedUrls?.local[0]
  if (url === undefined) throw new Error('vite preview did not say where it listens')
  return { url, close: () => previewServer.close() }
}

/** The server's Markdown export of a document. */
export const serverMarkdown = async (app: ServerApp, doc: string): Promise<string> => {
  const response = await app.inject({ method: 'GET', url: `/v1/documents/${doc}/markdown` })
  if (response.statusCode !== 200)
    throw new Error(`export of ${doc}: ${response.statusCode} ${response.body}`)
  return response.body
}

/** Creates a document from Markdown on the server, as the playground's import does. */
export const createDocument = async (
  app: ServerApp,
  id: string,
  markdown: string,
  kind: 'doc' | 'slides' = 'doc',
): Promise<void> => {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: { id, kind, markdown },
  })
  if (response.statusCode !== 201)
    throw new Error(`create ${id}: ${response.statusCode} ${response.body}`)
}
