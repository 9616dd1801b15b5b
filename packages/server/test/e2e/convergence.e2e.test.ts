/**
 * Convergence over real WebSockets: many clients editing one partitioned document at once,
 * with every op kind, end equal to the server's replica and to its Markdown export.
 *
 *   SEED=7 npx vitest run test/e2e/convergence     replay a seed (choices replay; timing varies)
 *   CLIENTS=20 OPS=100 npx vitest run test/e2e/convergence
 */
import { exportMarkdown } from '@markdownsync/core'
import { afterEach, describe, expect, it } from 'vitest'
import { canonicalDifference } from '../support/canonical-diff.js'
import { type Harness, startServer, until } from '../support/harness.js'
import { sectionedMarkdown } from '../support/markdown-fixture.js'
import type { ProtocolClient } from '../support/protocol-client.js'
import {
  bool,
  createPrng,
  EDIT_KINDS,
  type EditKind,
  fork,
  int,
  type Prng,
  randomEdit,
} from '../support/random-edits.js'

const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name]
  return raw === undefined || raw === '' ? fallback : Number(raw)
}

const SEED = envInt('SEED', 1)
const CLIENTS = envInt('CLIENTS', 50)
const OPS = envInt('OPS', 24)
const DOC = 'convergence'

/** Lost moves and duplicate ids are sequenced and reported; anything else diverges a client. */
const LOSSES = new Set(['concurrent_move', 'cycle', 'duplicate_block'])

/** A user's think time: the next turn of the event loop, or a few ms, so traffic interleaves. */
const thinkTime = (p: Prng): Promise<void> =>
  new Promise((resolve) => {
    if (bool(p, 0.7)) setImmediate(resolve)
    else setTimeout(resolve, int(p, 1, 6))
  })

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('convergence of concurrent editors', () => {
  it(`${CLIENTS} clients doing every op kind at once end equal to the server replica and its Markdown export (seed ${SEED})`, async () => {
    const prng = createPrng(SEED)
    const started = performance.now()
    harness = await startServer()
    const markdown = sectionedMarkdown(prng, { sections: 6, blocksPerSection: 50 })
    const created = await harness.app.inject({
      method: 'POST',
      url: '/v1/documents',
      payload: { id: DOC, markdown },
    })
    expect(created.statusCode).toBe(201)

    const clients: ProtocolClient[] = []
    const streams: Prng[] = []
    for (let i = 0; i < CLIENTS; i++) {
      const ids = fork(prng)
      clients.push(await harness.client(DOC, { random: () => ids.next() }))
      streams.push(fork(prng))
    }
    const room = harness.app.markdownsync.rooms.get(DOC)!
    console.log(
      'DEBUG connected',
      Math.round(performance.now() - started),
      room.partitions.partitions.length,
    )
    const initialSeq = room.seq
    const initialBlocks = room.partitions.partitions.reduce((n, p) => n + p.size, 0)
    expect(room.partitions.partitions.length).toBeGreaterThanOrEqual(2)

    const done = Object.fromEntries(EDIT_KINDS.map((k) => [k, 0])) as Record<EditKind, number>
    await Promise.all(
      clients.map(async (client, i) => {
        const p = streams[i]!
        for (let n = 0; n < OPS; n++) {
          const kind = randomEdit({
            prng: p,
            replica: client.doc,
            partitionOf: (block) => room.partitions.partitionOf(block),
          })
          if (kind !== undefined) done[kind]++
          await thinkTime(p)
        }
      }),
    )
    console.log('DEBUG workload', Math.round(performance.now() - started))
    const quiet = (): boolean =>
      clients.every((c) => c.outbox.size === 0 && c.lastSeq === room.seq && c.isCaughtUp)
    await until(quiet, 40_000, 'every op acknowledged and every client at the server seq').catch(
      (error: Error) => {
        const stuck = clients
          .map((c, i) => ({
            i,
            outbox: c.outbox.size,
            lastSeq: c.lastSeq,
            caughtUp: c.isCaughtUp,
            closed: c.closeCode,
          }))
          .filter((c) => c.outbox > 0 || c.lastSeq !== room.seq || !c.caughtUp)
        const c0 = clients[0]!
        const kinds: Record<string, number> = {}
        for (const m of c0.received) kinds[m.type] = (kinds[m.type] ?? 0) + 1
        console.log(
          'DEBUG',
          JSON.stringify(kinds),
          JSON.stringify(c0.received.filter((m) => m.type === 'error').slice(0, 3)),
          (c0 as unknown as { catchingUp: Set<string> }).catchingUp,
          room.partitions.partitions.map((p) => p.id),
        )
        throw new Error(`${error.message} (server at ${room.seq}): ${JSON.stringify(stuck)}`)
      },
    )

    console.log('DEBUG quiet', Math.round(performance.now() - started))
    const ops = room.seq - initialSeq
    const rejects = clients.flatMap((c) => c.rejects)
    console.log(
      `convergence seed ${SEED}: ${CLIENTS} clients, ${ops} ops sequenced (${initialBlocks} blocks, ` +
        `${room.partitions.partitions.length} partitions at the end), ${rejects.length} lost, ` +
        `${Math.round(performance.now() - started)} ms; ${JSON.stringify(done)}`,
    )
    expect(rejects.filter((r) => !LOSSES.has(r.code))).toEqual([])
    for (const kind of EDIT_KINDS) expect(done[kind], `${kind} edits`).toBeGreaterThan(0)
    expect(room.replica.checkInvariants()).toEqual([])

    const expected = room.replica.toCanonical()
    const exported = await harness.app.inject({
      method: 'GET',
      url: `/v1/documents/${DOC}/markdown`,
    })
    expect(exported.statusCode).toBe(200)
    for (const [i, client] of clients.entries()) {
      const difference = canonicalDifference(client.doc.toCanonical(), expected)
      expect(difference, `client ${i} (seed ${SEED}) differs from the server`).toBeUndefined()
      expect(exportMarkdown(client.doc), `client ${i}'s Markdown (seed ${SEED})`).toBe(
        exported.body,
      )
    }
  }, 90_000)
})
