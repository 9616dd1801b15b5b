/**
 * The bots service of the playground's dev and preview servers: a Vite plugin with
 *
 *   POST /bots/start {doc, editors}   starts `editors` simulated editors on `doc` (restarts)
 *   POST /bots/stop                   stops them
 *   GET  /bots/stats                  BotsStats (JSON): the crowd, the server's figures
 *
 * against the server the playground proxies to. Closing the server stops the bots.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Connect, Plugin } from 'vite'
import { isDocumentId } from '../src/app/document-address.js'
import { Crowd } from './crowd.js'
import { ServerMeter } from './server-meter.js'
import { type BotsStats, type CrowdStats, EDITOR_LIMITS, type StartBots } from './stats.js'

const IDLE: CrowdStats = {
  state: 'idle',
  doc: null,
  editors: 0,
  joined: 0,
  runningS: 0,
  sentPerS: {},
  latencyMs: {
    editText: { count: 0, p50: 0, p99: 0, max: 0 },
    editStructure: { count: 0, p50: 0, p99: 0, max: 0 },
    cursor: { count: 0, p50: 0, p99: 0, max: 0 },
    ack: { count: 0, p50: 0, p99: 0, max: 0 },
  },
  problems: 0,
  failure: null,
}

export class BotsService {
  private crowd: Crowd | undefined
  private readonly meter: ServerMeter
  private readonly syncUrl: string

  /** `server`: the sync server's HTTP address. */
  constructor(server: string) {
    this.meter = new ServerMeter(server)
    this.syncUrl = `${server.replace(/^http/, 'ws')}/v1/sync`
  }

  async start(request: StartBots): Promise<void> {
    await this.stop()
    this.crowd = new Crowd(request.doc, request.editors, this.syncUrl)
  }

  async stop(): Promise<void> {
    const crowd = this.crowd
    this.crowd = undefined
    await crowd?.stop()
  }

  /** Ends the bots at once, for a process on its way out. */
  kill(): void {
    this.crowd?.kill()
  }

  async stats(): Promise<BotsStats> {
    const { figures, windowS } = await this.meter.figures()
    return { crowd: this.crowd?.stats ?? IDLE, server: figures, windowS }
  }
}

/** Parses `POST /bots/start`'s body, or says what is wrong with it. */
export const parseStart = (body: unknown): StartBots | string => {
  const { doc, editors } = (body ?? {}) as Record<string, unknown>
  if (typeof doc !== 'string' || !isDocumentId(doc)) return '`doc` must be a document id'
  if (
    typeof editors !== 'number' ||
    !Number.isInteger(editors) ||
    editors < EDITOR_LIMITS.min ||
    editors > EDITOR_LIMITS.max
  )
    return `\`editors\` must be an integer from ${EDITOR_LIMITS.min} to ${EDITOR_LIMITS.max}`
  return { doc, editors }
}

const readJson = async (request: IncomingMessage): Promise<unknown> => {
  let text = ''
  for await (const chunk of request) text += chunk
  return text === '' ? undefined : JSON.parse(text)
}

const send = (response: ServerResponse, status: number, body: unknown): void => {
  response.statusCode = status
  response.setHeader('content-type', 'application/json')
  response.setHeader('cache-control', 'no-store')
  response.end(JSON.stringify(body))
}

const routes =
  (service: BotsService): Connect.NextHandleFunction =>
  (request, response, next) => {
    const route = `${request.method} ${request.url?.split('?')[0]}`
    const handle = async (): Promise<void> => {
      switch (route) {
        case 'POST /bots/start': {
          const parsed = parseStart(await readJson(request).catch(() => undefined))
          if (typeof parsed === 'string')
            return send(response, 400, { error: { code: 'invalid_request', message: parsed } })
          await service.start(parsed)
          return send(response, 202, { ok: true })
        }
        case 'POST /bots/stop':
          await service.stop()
          return send(response, 200, { ok: true })
        case 'GET /bots/stats':
          return send(response, 200, await service.stats())
        default:
          return next()
      }
    }
    handle().catch((error: Error) =>
      send(response, 500, { error: { code: 'bots_failed', message: error.message } }),
    )
  }

/** The plugin; `server` is where the playground proxies `/v1` to. */
export const botsService = (server: string): Plugin => {
  const mount = (middlewares: Connect.Server, httpServer: Closable | null) => {
    const service = new BotsService(server)
    middlewares.use(routes(service))
    // a process that exits without closing its server (an uncaught error) ends its bots too
    const kill = () => service.kill()
    process.on('exit', kill)
    httpServer?.once('close', () => {
      process.off('exit', kill)
      void service.stop()
    })
  }
  return {
    name: 'markdownsync-bots',
    configureServer: (dev) => mount(dev.middlewares, dev.httpServer),
    configurePreviewServer: (preview) => mount(preview.middlewares, preview.httpServer),
  }
}

interface Closable {
  once(event: 'close', listener: () => void): unknown
}
