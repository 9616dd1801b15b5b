/**
 * The server as its own process, the way `pnpm playground` runs it: the CLI (dev mode, PGlite
 * in a fresh temporary folder, a free port). For measurements, where a server sharing the
 * measuring process's event loop would slow both.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const CLI = fileURLToPath(
  new URL('../../../../../packages/server/bin/markdownsync-server.js', import.meta.url),
)

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** Creates a document from Markdown over HTTP. */
  createDocument(id: string, markdown: string): Promise<void>
  stop(): Promise<void>
}

export const startServerProcess = async (): Promise<ServerProcess> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'markdownsync-playground-'))
  // dev mode and PGlite whatever this shell has set
  const { AUTH_SECRET: _secret, DATABASE_URL: _database, ...env } = process.env
  const child = spawn(process.execPath, [CLI, '--port', '0', '--data-dir', dataDir], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match?.[1] !== undefined) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${out}`)))
  })
  child.stdout.resume()
  return {
    url,
    createDocument: async (id, markdown) => {
      const response = await fetch(`${url}/v1/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, markdown }),
      })
      if (response.status !== 201) throw new Error(`create ${id}: ${await response.text()}`)
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGINT')
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
