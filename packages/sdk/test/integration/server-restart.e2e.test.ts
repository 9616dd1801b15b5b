/**
 * Clients keep editing while the server is down; a new server starts on the same storage (and
 * port); every client reconnects, re-sends its outbox, and all converge with nothing lost.
 *
 *   SEED=7 npx vitest run test/integration/server-restart
 */
import { ROOT_ID } from '@markdownsync/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  type Client,
  createClient,
  createMemoryOutboxStore,
  type KeyValueStorage,
  type RejectionEvent,
  type Room,
} from '../../src/index.js'
import { createPrng, fork, pick, seedFromEnv } from '../support/prng.js'
import {
  converged,
  markdownOf,
  nodeClient,
  openStorage,
  type RealServer,
  startServer,
} from '../support/real-server.js'
import { RoomReader, randomEdit } from '../support/sdk-edits.js'
import { until } from '../support/wait.js'

const SEED = seedFromEnv(11)
const CLIENTS = 4
const DOC = 'sdk-restart'

let storage: Awaited<ReturnType<typeof openStorage>>
let server: RealServer | undefined
beforeAll(async () => {
  storage = await openStorage({})
})
afterAll(async () => {
  await server?.close()
  await storage?.close()
})

describe('the server goes down', () => {
  it(`clients editing while the server is down converge without loss after it restarts (seed ${SEED})`, async () => {
    console.log(`server restart seed ${SEED} (replay: SEED=${SEED})`)
    const prng = createPrng(SEED)
    server = await startServer(storage)
    const port = server.port
    const clients: Client[] = []
    const rooms: Room[] = []
    const rejections: RejectionEvent[] = []
    for (let i = 0; i < CLIENTS; i++) {
      const ids = fork(prng)
      const client = nodeClient(server.url)
      const room = client.enterRoom(DOC, { random: () => ids.next() })
      room.on('rejection', (r) => rejections.push(r))
      clients.push(client)
      rooms.push(room)
    }
    await Promise.all(rooms.map((room) => room.ready()))
    const readers = rooms.map((room) => new RoomReader(room))
    const streams = rooms.map(() => fork(prng))
    const edit = (rounds: number): void => {
      for (let n = 0; n < rounds; n++)
        for (const [i, room] of rooms.entries()) randomEdit(streams[i]!, room, readers[i]!)
    }

    edit(15)
    await converged(server.app, DOC, rooms)

    await server.close()
    server = undefined
    await Promise.all(rooms.map((room) => until(room.$status, (s) => s === 'reconnecting')))

    // offline: random edits, plus one new block per client whose text must survive
    edit(15)
    const offline: string[] = []
    for (const [i, room] of rooms.entries()) {
      const text = `offline-${i}-${pick(streams[i]!, ['a', 'b', 'c'])}`
      const top = readers[i]!.children(ROOT_ID)
      expect(
        room.insertBlock({ text, after: top.length === 0 ? null : top[top.length - 1]! }),
      ).toBeDefined()
      offline.push(text)
    }
    for (const room of rooms) expect(room.$synchronized.get()).toBe(false)

    server = await startServer(storage, port)
    const final = await converged(server.app, DOC, rooms, 40_000)
    for (const text of offline) expect(final).toContain(text)
    expect(await markdownOf(server.app, DOC)).toBe(final)
    expect(rejections.filter((r) => r.rolledBack)).toEqual([])
    console.log(`  ${CLIENTS} clients, ${final.split('\n').length} lines after the restart`)
    for (const reader of readers) reader.close()
    for (const client of clients) client.destroy()
  })
})

describe('a page closed while offline', () => {
  it('the next page re-sends what it left unacknowledged, under the same dev identity', async () => {
    server = await startServer(storage)
    const port = server.port
    const url = server.url
    // what a browser keeps across a reload: the outbox (IndexedDB) and the dev token (localStorage)
    const outbox = createMemoryOutboxStore()
    const kept = new Map<string, string>()
    const localStorage: KeyValueStorage = {
      getItem: (k) => kept.get(k) ?? null,
      setItem: (k, v) => void kept.set(k, v),
      removeItem: (k) => void kept.delete(k),
    }
    const page = () =>
      createClient({
        url,
        dev: { storage: localStorage },
        WebSocket,
        outbox,
        backoff: { minDelayMs: 20, maxDelayMs: 250 },
      })

    const first = page()
    const before = first.enterRoom('sdk-reload')
    await before.ready()
    const title = before.insertBlock({ type: 'heading', props: { level: 1 }, text: 'Notes' })!
    await until(before.$synchronized, (s) => s)
    await server.close()
    await until(before.$status, (s) => s === 'reconnecting')
    before.editText(title, [{ retain: 5 }, { insert: ' (offline)' }])
    before.insertBlock({ after: title, text: 'written offline' })
    first.destroy() // the tab is closed with two unacknowledged changes

    server = await startServer(storage, port)
    const second = page()
    const after = second.enterRoom('sdk-reload')
    const final = await converged(server.app, 'sdk-reload', [after])
    expect(final).toBe('# Notes (offline)\n\nwritten offline\n')
    expect(await outbox.load('sdk-reload')).toEqual([])
    second.destroy()
  })
})
