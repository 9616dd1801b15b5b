/**
 * The Yjs reference server: y-websocket's own connection handling (`setupWSConnection` from
 * @y/websocket-server, one Y.Doc per document name, updates and awareness broadcast to every
 * connection), unmodified, in a small HTTP server of ours that counts what goes in and out
 * and measures its own event loop, exposed as JSON on `GET /stats`.
 *
 *   node --import tsx --import ./yjs-build-register.mjs yjs/runner.ts   (prints its port)
 */
import { createServer } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setupWSConnection } from '@y/websocket-server/utils'
import { type WebSocket, WebSocketServer } from 'ws'
import { LOOP_RESOLUTION_MS } from '../system.js'

const counts = { updatesIn: 0, syncIn: 0, awarenessIn: 0, messagesOut: 0, bytesOut: 0, sessions: 0 }
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
loop.enable()
const delay = (ns: number): number => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS)

const http = createServer((request, response) => {
  if (request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(
      JSON.stringify({
        ...counts,
        loopP50Ms: delay(loop.percentile(50)),
        loopP99Ms: delay(loop.percentile(99)),
        loopMaxMs: delay(loop.max),
      }),
    )
    loop.reset()
    return
  }
  response.writeHead(200, { 'content-type': 'text/plain' })
  response.end('okay')
})

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })
wss.on('connection', (socket: WebSocket, request) => {
  counts.sessions++
  socket.on('close', () => counts.sessions--)
  // counted before y-websocket's own listener sees the message
  socket.on('message', (data: Buffer | ArrayBuffer) => {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data
    if (bytes[0] === 1) counts.awarenessIn++
    else if (bytes[1] === 2) counts.updatesIn++
    else counts.syncIn++
  })
  // every send is one WebSocket frame holding one y-websocket message
  const send = socket.send.bind(socket) as (...args: unknown[]) => void
  socket.send = ((data: Uint8Array, ...rest: unknown[]) => {
    counts.messagesOut++
    counts.bytesOut += data.byteLength
    send(data, ...rest)
  }) as typeof socket.send
  setupWSConnection(socket, request)
})
http.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
})
http.listen(0, '127.0.0.1', () => {
  const address = http.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  process.stdout.write(`y-websocket reference listening on http://127.0.0.1:${port}\n`)
})
process.on('SIGINT', () => process.exit(0))
process.on('SIGTERM', () => process.exit(0))
