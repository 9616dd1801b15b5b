/**
 * `markdownsync-server`: starts the server with zero configuration (embedded PGlite under
 * `./.markdownsync`, dev auth unless AUTH_SECRET is set) and prints where it listens.
 *
 *   markdownsync-server [--port 4455] [--host 127.0.0.1] [--data-dir DIR] [--dev | --no-dev]
 *
 * Environment: PORT, HOST, DATA_DIR, DATABASE_URL, AUTH_SECRET, MARKDOWNSYNC_DEV.
 */
import { parseArgs } from 'node:util'
import { optionsFromEnv, parsePort, resolveOptions, type ServerOptionsInput } from './options.js'
import { createServer } from './server.js'

const USAGE = `markdownsync-server [--port N] [--host H] [--data-dir DIR] [--dev | --no-dev] [--log LEVEL]
Environment: PORT, HOST, DATA_DIR, DATABASE_URL (postgres://…), AUTH_SECRET, MARKDOWNSYNC_DEV`

export const main = async (argv: readonly string[] = process.argv.slice(2)): Promise<void> => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      dev: { type: 'boolean' },
      'no-dev': { type: 'boolean' },
      log: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const input: ServerOptionsInput = {
    ...optionsFromEnv(),
    ...(values.port === undefined ? {} : { port: parsePort(values.port, '--port') }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    ...(values.dev === true ? { dev: true } : {}),
    ...(values['no-dev'] === true ? { dev: false } : {}),
    logger: values.log ?? 'warn',
  }
  const options = resolveOptions(input)
  const app = await createServer(input)
  await app.listen({ port: options.port, host: options.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  const storage = options.databaseUrl === undefined ? `PGlite at ${options.dataDir}` : 'PostgreSQL'
  process.stdout.write(
    `MarkdownSync server listening on http://${options.host}:${port}\n` +
      `  sync:    ws://${options.host}:${port}/v1/sync\n` +
      `  storage: ${storage}\n` +
      `  auth:    ${options.dev ? 'dev mode (no token needed; POST /v1/dev/token issues one)' : 'AUTH_SECRET tokens'}\n`,
  )
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void app.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
