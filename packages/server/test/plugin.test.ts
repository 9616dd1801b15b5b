/**
 * The plugin inside an app that already has its own error handler, not-found handler and
 * WebSocket plugin: it must add its routes without taking any of those over.
 */
import websocket from '@fastify/websocket'
import Fastify from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { markdownsyncPlugin } from '../src/plugin.js'
import { openPgliteStorage } from '../src/storage/index.js'
import type { Storage } from '../src/storage/storage.js'
import { ProtocolClient } from './support/protocol-client.js'

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

describe('markdownsyncPlugin in a host app', () => {
  it("keeps the host's error and not-found handlers and shares its WebSocket plugin", async () => {
    const storage: Storage = await openPgliteStorage({})
    const host = Fastify()
    host.setErrorHandler((_error, _request, reply) => reply.status(418).send('host error handler'))
    host.setNotFoundHandler((_request, reply) => reply.status(404).send('host not found'))
    await host.register(websocket)
    host.get('/boom', async () => {
      throw new Error('boom')
    })
    await host.register(markdownsyncPlugin, { dev: true, storage })
    await host.listen({ port: 0, host: '127.0.0.1' })
    close = async () => {
      await host.close()
      await storage.close()
    }
    expect((await host.inject({ url: '/boom' })).body).toBe('host error handler')
    expect((await host.inject({ url: '/nowhere' })).body).toBe('host not found')
    const missing = await host.inject({ url: '/v1/documents/nope' })
    expect(missing.json()).toEqual({
      error: { code: 'not_found', message: 'document nope does not exist' },
    })
    const address = host.server.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    const client = new ProtocolClient({ url: `ws://127.0.0.1:${port}/v1/sync`, docId: 'hosted' })
    await client.connect()
    expect(client.welcome?.user.kind).toBe('human')
    client.socket?.terminate()
  })
})
