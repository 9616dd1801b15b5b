import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Client, createClient, type RoomStatus } from '../../src/index.js'
import { FAKE_URL, FakeServer } from '../support/fake-server.js'
import { until } from '../support/wait.js'

let server: FakeServer
let client: Client | undefined
beforeEach(() => {
  server = new FakeServer()
  server.seed(['alpha', 'beta'])
  server.listen()
})
afterEach(() => {
  client?.destroy()
  client = undefined
  server.close()
})

const fastBackoff = { minDelayMs: 1, maxDelayMs: 5, slowFloorMs: 5 }

describe('connection lifecycle', () => {
  it('goes connecting → connected → reconnecting → connected when the server drops the socket', async () => {
    client = createClient({ url: FAKE_URL, token: 'token', backoff: fastBackoff })
    const room = client.enterRoom('doc')
    const seen: RoomStatus[] = []
    room.$status.subscribe((status) => {
      if (seen[seen.length - 1] !== status) seen.push(status)
    })
    await until(room.$status, (s) => s === 'connected')
    server.closeAll(4503, 'going away')
    await until(room.$status, (s) => s === 'reconnecting')
    await until(room.$status, (s) => s === 'connected')
    expect(seen).toEqual(['connecting', 'connected', 'reconnecting', 'connected'])
  })

  it('loads the document: the structure from the snapshot, the content by catch-up', async () => {
    client = createClient({ url: FAKE_URL, token: 'token' })
    const room = client.enterRoom('doc')
    await room.ready()
    const children = room.children('root')
    const off = children.listen(() => undefined)
    const [first] = children.get()
    expect(children.get()).toHaveLength(2)
    expect(room.block(first!).get()?.text).toEqual([{ insert: 'alpha' }])
    expect(room.$synchronized.get()).toBe(true)
    expect(room.$outline.get()?.partitions.map((p) => p.id)).toEqual(['p0'])
    off()
  })

  it('sends hello with the token, the SDK name and no lastSeq on the first connection', async () => {
    client = createClient({ url: FAKE_URL, token: 'token-1' })
    await client.enterRoom('doc').ready()
    const [hello] = server.sent('hello')
    expect(hello).toMatchObject({ docId: 'doc', token: 'token-1', outbox: 0 })
    expect(hello?.lastSeq).toBeUndefined()
    expect(hello?.client).toMatch(/^@markdownsync\/sdk@/)
  })

  it('resumes with lastSeq after a reconnect and gets the ops it missed', async () => {
    client = createClient({ url: FAKE_URL, token: 'token', backoff: fastBackoff })
    const room = client.enterRoom('doc')
    await room.ready()
    const children = room.children('root')
    const off = children.listen(() => undefined)
    server.accepting = false
    server.closeAll(1006)
    await until(room.$status, (s) => s === 'reconnecting')
    server.seed(['gamma'])
    server.accepting = true
    await until(children, (ids) => ids.length === 3)
    const hellos = server.sent('hello')
    expect(hellos[hellos.length - 1]?.lastSeq).toBe(2)
    off()
  })
})
