/**
 * Cursors and presence over real WebSockets, real timers (DESIGN "Presence"; CURSOR-1…4 and
 * CLUSTER-1…4 in src/rooms/presence/): cursor batches go only to sessions that see the
 * partition, at most ten a second per partition, a crowded block travels as a cluster, and
 * presence diffs reach everyone. Clients rebuild their state with presence/client-state.ts.
 */
import type { BlockId, CursorBatchMessage, ServerMessage } from '@markdownsync/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startServer, until } from '../support/harness.js'
import { sectionedMarkdown } from '../support/markdown-fixture.js'
import type { ProtocolClient } from '../support/protocol-client.js'
import { createPrng } from '../support/random-edits.js'

const DOC = 'cursors'
const CROWD = 12
/** CURSOR-1's rate is 10 batches a second per partition; the bound leaves room for jitter. */
const MAX_BATCHES_PER_SECOND = 12

let harness: Harness | undefined
const timers: ReturnType<typeof setInterval>[] = []
afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer)
  await harness?.close()
  harness = undefined
})

const batches = (messages: readonly ServerMessage[]): CursorBatchMessage[] =>
  messages.filter((m): m is CursorBatchMessage => m.type === 'cursor_batch')

/** A user whose caret walks through a block's text, 20 moves a second (under the rate limit). */
const walk = (client: ProtocolClient, block: BlockId): void => {
  let at = 0
  const length = Math.max(1, client.doc.text(block).length)
  timers.push(
    setInterval(() => {
      at = (at + 1) % length
      client.moveCursor(block, at)
    }, 50),
  )
}

describe('cursors and presence', () => {
  it('a session seeing P1 gets P1’s cursor batches only, at most ~10 a second, with a cluster for the crowded block; presence reaches everyone', async () => {
    harness = await startServer()
    const markdown = sectionedMarkdown(createPrng(9), [130, 130, 130, 50])
    const created = await harness.app.inject({
      method: 'POST',
      url: '/v1/documents',
      payload: { id: DOC, markdown },
    })
    expect(created.statusCode).toBe(201)
    const h = harness
    const join = (name: string, viewport?: readonly BlockId[]) =>
      h.client(DOC, { presence: { name }, ...(viewport === undefined ? {} : { viewport }) })

    const first = await join('first')
    const room = harness.app.markdownsync.rooms.get(DOC)!
    const tops = room.partitions.partitions.map((p) => [...p.top])
    expect(tops.length).toBeGreaterThanOrEqual(4)
    const p1 = room.partitions.partitionOf(tops[0]![0]!)!
    const p3 = room.partitions.partitionOf(tops[2]![0]!)!
    const paragraph = (p: number, n: number): BlockId =>
      tops[p]!.filter((b) => room.replica.type(b) === 'paragraph')[n]!
    const [crowded, walked, elsewhere] = [paragraph(0, 0), paragraph(0, 1), paragraph(2, 0)]

    const seesP1 = await join('sees P1', tops[0]!.slice(0, 5))
    const seesP3 = await join('sees P3', tops[2]!.slice(0, 5))
    const crowd: ProtocolClient[] = []
    for (let i = 0; i < CROWD; i++) crowd.push(await join(`crowd ${i}`))
    const walkers = [await join('walker 1'), await join('walker 2')]
    const others = [await join('other 1'), await join('other 2')]
    const everyone = [first, seesP1, seesP3, ...crowd, ...walkers, ...others]
    expect([...seesP1.subscribed]).toEqual([p1])
    expect([...seesP3.subscribed]).toEqual([p3])

    // CLUSTER-1: more than ten carets in one block arrive as one cluster
    for (const [i, client] of crowd.entries()) client.moveCursor(crowded, i)
    await until(
      () => seesP1.cursors.get(p1)?.clusters.get(crowded)?.count === CROWD,
      5000,
      'the crowd as a cluster',
    )
    const p1View = seesP1.cursors.get(p1)!
    expect([...p1View.cursors.values()].filter((c) => c.block === crowded)).toEqual([])
    expect(p1View.clusters.get(crowded)!.colors.length).toBeGreaterThan(0)

    // carets walking in P1 and in P3; the rate of P1 batches over twenty of them
    for (const walker of walkers) walk(walker, walked)
    for (const other of others) walk(other, elsewhere)
    const from = seesP1.received.length
    const started = performance.now()
    await until(
      () => batches(seesP1.received.slice(from)).length >= 20,
      10_000,
      'twenty cursor batches',
    )
    const seconds = (performance.now() - started) / 1000
    const rate = batches(seesP1.received.slice(from)).length / seconds
    console.log(`cursor batches for P1: ${rate.toFixed(1)} a second over ${seconds.toFixed(2)} s`)
    expect(rate).toBeLessThanOrEqual(MAX_BATCHES_PER_SECOND)
    await until(
      () => walkers.every((w) => seesP1.cursors.get(p1)?.cursors.has(w.welcome!.session)),
      5000,
      'the walkers one by one',
    )
    await until(() => batches(seesP3.received).length > 0, 5000, 'P3 batches for P3')

    // only the partitions each session sees
    expect(new Set(batches(seesP1.received).map((b) => b.partition))).toEqual(new Set([p1]))
    expect(new Set(batches(seesP3.received).map((b) => b.partition))).toEqual(new Set([p3]))
    expect(seesP1.cursors.has(p3)).toBe(false)

    // CLUSTER-4: back to ten or fewer, the carets come one by one again
    for (const client of crowd.slice(0, 3)) client.sendRaw({ type: 'cursor_clear' })
    await until(() => !seesP1.cursors.get(p1)?.clusters.has(crowded), 5000, 'the cluster dissolved')
    const inCrowded = [...seesP1.cursors.get(p1)!.cursors.values()].filter(
      (c) => c.block === crowded,
    )
    expect(inCrowded).toHaveLength(CROWD - 3)

    // PRESENCE-1: everyone learns everyone's presence, and its updates
    for (const [i, client] of everyone.entries()) client.setPresence({ n: i, typing: true })
    const sessions = everyone.map((c) => c.welcome!.session)
    await until(
      () =>
        everyone.every((client) =>
          sessions.every((s, i) => {
            const entry = client.presence.get(s)
            return JSON.stringify(entry?.presence) === JSON.stringify({ n: i, typing: true })
          }),
        ),
      10_000,
      'every presence everywhere',
    )
    for (const client of everyone) expect(client.presence.size).toBe(everyone.length)
  }, 60_000)
})
