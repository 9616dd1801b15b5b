/**
 * Ten SDK clients in Node, on real WebSockets against the real server (PGlite in memory),
 * doing seeded random edits of every kind at once (undo and redo included), end equal to
 * each other, to the server's replica and to its Markdown export.
 *
 *   SEED=7 npx vitest run test/integration/convergence    replay a seed (choices replay; timing varies)
 *   CLIENTS=20 OPS=200 npx vitest run test/integration/convergence
 */
import type { CanonicalBlock } from '@markdownsync/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editing } from '../../examples/editing.js'
import { quickStart } from '../../examples/quick-start.js'
import type { Client, RejectionEvent, Room, RoomError } from '../../src/index.js'
import { bool, createPrng, fork, int, type Prng, seedFromEnv, word } from '../support/prng.js'
import {
  canonicalOf,
  converged,
  nodeClient,
  openStorage,
  type RealServer,
  startServer,
} from '../support/real-server.js'
import { EDIT_KINDS, type EditKind, RoomReader, randomEdit } from '../support/sdk-edits.js'
import { eventually } from '../support/wait.js'

const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name]
  return raw === undefined || raw === '' ? fallback : Number(raw)
}
const SEED = seedFromEnv(1)
const CLIENTS = envInt('CLIENTS', 10)
const OPS = envInt('OPS', 40)
const DOC = 'sdk-convergence'

/** Lost moves are sequenced and only reported; anything else would be a bug here. */
const LOSSES = new Set(['concurrent_move', 'cycle', 'duplicate_block'])

const markdown = (p: Prng): string => {
  const parts: string[] = []
  for (let s = 1; s <= 4; s++) {
    parts.push(`# Section ${s}`)
    for (let i = 0; i < 12; i++)
      parts.push(`${word(p)} ${word(p)} *${word(p)}* and **${word(p)}**.`)
    parts.push(`- ${word(p)}\n- [x] ${word(p)}`)
  }
  return `${parts.join('\n\n')}\n`
}

/** The next turn of the event loop, or a few ms: the clients' traffic interleaves. */
const thinkTime = (p: Prng): Promise<void> =>
  new Promise((resolve) => {
    if (bool(p, 0.7)) setImmediate(resolve)
    else setTimeout(resolve, int(p, 1, 5))
  })

let server: RealServer
let storage: Awaited<ReturnType<typeof openStorage>>
beforeAll(async () => {
  storage = await openStorage({})
  server = await startServer(storage)
})
afterAll(async () => {
  await server?.close()
  await storage?.close()
})

describe('convergence', () => {
  it(`${CLIENTS} SDK clients editing at once converge with each other and the server's Markdown (seed ${SEED})`, async () => {
    console.log(`convergence seed ${SEED} (replay: SEED=${SEED})`)
    const prng = createPrng(SEED)
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/documents',
      payload: { id: DOC, markdown: markdown(prng) },
    })
    expect(created.statusCode).toBe(201)

    const clients: Client[] = []
    const rooms: Room[] = []
    const rejections: RejectionEvent[] = []
    const errors: RoomError[] = []
    for (let i = 0; i < CLIENTS; i++) {
      const ids = fork(prng)
      const client = nodeClient(server.url)
      const room = client.enterRoom(DOC, { random: () => ids.next(), initialPresence: { n: i } })
      room.on('rejection', (r) => rejections.push(r))
      room.on('error', (e) => errors.push(e))
      clients.push(client)
      rooms.push(room)
    }
    // and an observer that shows nothing: it must still hold the whole structure (DELIVERY-1)
    const observerClient = nodeClient(server.url)
    const observer = observerClient.enterRoom(DOC, { viewport: [] })
    await Promise.all([...rooms, observer].map((room) => room.ready()))

    const done = Object.fromEntries(EDIT_KINDS.map((k) => [k, 0])) as Record<EditKind, number>
    const readers = rooms.map((room) => new RoomReader(room))
    await Promise.all(
      rooms.map(async (room, i) => {
        const p = fork(prng)
        for (let n = 0; n < OPS; n++) {
          const kind = randomEdit(p, room, readers[i]!)
          if (kind !== undefined) done[kind]++
          await thinkTime(p)
        }
      }),
    )
    const final = await converged(server.app, DOC, rooms)
    console.log(
      `  ${CLIENTS} clients: ${JSON.stringify(done)}; ${rejections.length} lost moves; ` +
        `${final.split('\n').length} lines of Markdown`,
    )
    const shape = (blocks: readonly CanonicalBlock[]): unknown[] =>
      blocks.map((b) => [b.id, b.type, shape(b.children)])
    const expected = server.app.markdownsync.rooms.get(DOC)!.replica.toCanonical().root
    await eventually(async () =>
      expect(shape(await canonicalOf(observer))).toEqual(shape(expected)),
    )
    expect(rejections.filter((r) => !LOSSES.has(r.code))).toEqual([])
    expect(errors.filter((e) => e.code !== 'invalid_edit')).toEqual([])
    // every client sees everyone else (presence, which goes out once a second)
    await eventually(() => {
      for (const room of rooms) expect(room.$others.get()).toHaveLength(CLIENTS)
    })
    for (const reader of readers) reader.close()
    for (const client of [...clients, observerClient]) client.destroy()
  })
})

describe('the examples of the docs', () => {
  it('quick-start.ts writes a heading and reads the document back', async () => {
    expect(await quickStart(server.url)).toBe('# Hello, world\n')
  })

  it('editing.ts builds a list, edits it, undoes and redoes', async () => {
    const client = nodeClient(server.url)
    const markdown = await editing(client.enterRoom('example-editing'))
    client.destroy()
    expect(markdown).toBe('## Groceries\n\n- [x] eggs\n- [ ] milk **oat**\n')
  })
})
