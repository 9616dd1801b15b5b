/**
 * Convergence over real WebSockets: many clients editing one partitioned document at once,
 * with every op kind, end equal to the server's replica and to its Markdown export.
 *
 *   SEED=7 npx vitest run test/e2e/convergence     replay a seed (choices replay; timing varies)
 *   CLIENTS=20 OPS=100 npx vitest run test/e2e/convergence
 */
import { exportMarkdown, ROOT_ID, TRASH_ID } from '@markdownsync/core'
import { afterEach, describe, expect, it } from 'vitest'
import { canonicalDifference, subtreeOf, withoutTrashContent } from '../support/canonical-diff.js'
import { type Harness, startServer } from '../support/harness.js'
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
import { settle } from '../support/settle.js'

const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name]
  return raw === undefined || raw === '' ? fallback : Number(raw)
}

const SEED = envInt('SEED', 1)
const CLIENTS = envInt('CLIENTS', 50)
const OPS = envInt('OPS', 40)
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
    const markdown = sectionedMarkdown(prng, Array(10).fill(45))
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
    const initial = { seq: room.seq, partitions: room.partitions.partitions.length }
    expect(initial.partitions).toBeGreaterThanOrEqual(3)

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
    await settle(room, clients, { timeoutMs: 40_000 })

    const rejects = clients.flatMap((c) => c.rejects)
    console.log(
      `convergence seed ${SEED}: ${CLIENTS} clients, ${room.seq - initial.seq} ops sequenced ` +
        `(${room.replica.children(ROOT_ID).length} top-level blocks, partitions ${initial.partitions} → ` +
        `${room.partitions.partitions.length}), ${rejects.length} lost, ` +
        `${Math.round(performance.now() - started)} ms; ${JSON.stringify(done)}`,
    )
    expect(rejects.filter((r) => !LOSSES.has(r.code))).toEqual([])
    // no client was refused anything (a storm of partition changes once got catch-ups refused)
    expect(clients.flatMap((c) => c.received.filter((m) => m.type === 'error'))).toEqual([])
    for (const kind of EDIT_KINDS) expect(done[kind], `${kind} edits`).toBeGreaterThan(0)
    expect(room.replica.checkInvariants()).toEqual([])

    // the live document whole, the trash's structure (its content no viewport shows)
    const expected = withoutTrashContent(room.replica.toCanonical())
    const exported = await harness.app.inject({
      method: 'GET',
      url: `/v1/documents/${DOC}/markdown`,
    })
    expect(exported.statusCode).toBe(200)
    for (const [i, client] of clients.entries()) {
      const difference = canonicalDifference(
        withoutTrashContent(client.doc.toCanonical()),
        expected,
      )
      expect(difference, `client ${i} differs from the server (seed ${SEED})`).toBeUndefined()
      expect(exportMarkdown(client.doc), `client ${i}'s Markdown (seed ${SEED})`).toBe(
        exported.body,
      )
    }

    // restoring every deleted block brings its content, edits made in the trash included
    const restorer = clients[0]!
    const trashed = room.replica.toCanonical().trash
    const theirs = clients.map((c) => c.doc.toCanonical())
    const stale = trashed.filter((b) =>
      theirs.some((doc) => JSON.stringify(subtreeOf(doc, b.id)) !== JSON.stringify(b)),
    )
    console.log(
      `  restoring ${trashed.length} deleted blocks, ${stale.length} with content edited in the trash`,
    )
    for (const block of [...restorer.doc.children(TRASH_ID)])
      restorer.doc.moveBlock(block, { parent: ROOT_ID })
    await settle(room, clients, { timeoutMs: 40_000 })
    expect(room.replica.children(TRASH_ID)).toEqual([])
    const everything = room.replica.toCanonical()
    for (const [i, client] of clients.entries()) {
      const difference = canonicalDifference(client.doc.toCanonical(), everything)
      expect(difference, `client ${i} after the restore (seed ${SEED})`).toBeUndefined()
    }
  }, 90_000)
})
