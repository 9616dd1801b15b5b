// The playground in one command: the MarkdownSync server (its CLI, dev mode, PGlite in
// packages/server/.markdownsync) and the playground's Vite dev server proxying `/v1` to it.
// Needs the packages built (`pnpm build`). A server already answering on the port is reused.
//
//   PORT=4455 PLAYGROUND_PORT=5173 node scripts/dev-all.js
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'

const serverPort = Number(process.env.PORT ?? 4455)
const serverUrl = `http://127.0.0.1:${serverPort}`
const serverDir = fileURLToPath(new URL('../../../packages/server/', import.meta.url))
const appDir = fileURLToPath(new URL('../', import.meta.url))

const healthy = async () => {
  try {
    return (await fetch(`${serverUrl}/healthz`)).ok
  } catch {
    return false
  }
}

/** Waits for the server's health check, up to `ms`. */
const waitForServer = async (ms) => {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await healthy()) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the server did not answer on ${serverUrl} within ${ms / 1000} s`)
}

let child
if (await healthy()) console.log(`Using the MarkdownSync server already on ${serverUrl}`)
else {
  child = spawn(process.execPath, ['bin/markdownsync-server.js', '--port', String(serverPort)], {
    cwd: serverDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  child.on('exit', (code) => {
    console.error(`The MarkdownSync server stopped (exit code ${code}).`)
    process.exit(code ?? 1)
  })
  await waitForServer(30_000)
}

// vite.config.ts reads where the server is
process.env.MARKDOWNSYNC_SERVER = serverUrl
const vite = await createServer({
  root: appDir,
  server: { port: Number(process.env.PLAYGROUND_PORT ?? 5173) },
})
await vite.listen()
const url = vite.resolvedUrls?.local[0] ?? `http://localhost:${vite.config.server.port}/`
console.log(`\n  MarkdownSync playground: ${url}\n  (server: ${serverUrl}; Ctrl-C stops both)\n`)

const stop = async () => {
  child?.removeAllListeners('exit')
  child?.kill('SIGTERM')
  await vite.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
