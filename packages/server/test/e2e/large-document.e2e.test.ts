/**
 * SNAP-1 end to end: a document whose structure is bigger than one frame (10,000 blocks ≈ 3 MB
 * of structure, frames ≤ 1 MiB) opens, in pieces, with every block in the client's tree.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startServer } from '../support/harness.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('SNAP-1 a structure bigger than one frame', () => {
  it('a 10,000-block document opens: the snapshot arrives in pieces and the client holds every block', async () => {
    const server = await startServer()
    harness = server
    const blocks = 10_000
    const markdown = Array.from({ length: blocks }, (_, i) => `Paragraph ${i}.`).join('\n\n')
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/documents',
      payload: { id: 'ten-thousand', markdown },
    })
    expect(created.statusCode).toBe(201)
    const client = await server.client('ten-thousand', { viewport: [] })
    const snapshots = client.received.filter(
      (m) => m.type === 'catch_up' && m.content.kind === 'snapshot',
    )
    expect(snapshots.length).toBeGreaterThan(1)
    expect(snapshots.map((m) => m.type === 'catch_up' && m.done)).toEqual([
      ...Array(snapshots.length - 1).fill(false),
      true,
    ])
    expect(client.replica?.children('root')).toHaveLength(blocks)
  })
})
