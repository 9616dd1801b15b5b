/**
 * The benchmark-only naive mode (`naiveFanout`, rooms/naive-fanout.ts) against the designed
 * fanout, over real WebSockets: with it, a session that sees only P1 receives P3's content ops
 * and cursor moves too; without it, DELIVERY-2 keeps them from that session.
 */
import type { BlockId, ServerMessage } from '@markdownsync/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startServer, until } from '../support/harness.js'
import { sectionedMarkdown } from '../support/markdown-fixture.js'
import type { ProtocolClient } from '../support/protocol-client.js'
import { createPrng } from '../support/random-edits.js'

const DOC = 'naive'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const opIds = (client: ProtocolClient): Set<string> =>
  new Set(
    client.received.flatMap((m) => (m.type === 'ops' ? m.entries : [])).map((e) => e.envelope.id),
  )

const cursorSessions = (client: ProtocolClient): Set<string> =>
  new Set(
    client.received.flatMap((m: ServerMessage) =>
      m.type === 'cursor_batch' ? m.cursors.map((c) => c.session) : [],
    ),
  )

/** Four sections (P1…P4); `viewer` shows five blocks of P1, `writer` and `other` everything. */
const setup = async (naiveFanout: boolean) => {
  harness = await startServer({ naiveFanout })
  const markdown = sectionedMarkdown(createPrng(7), [130, 130, 130, 50])
  const created = await harness.app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: { id: DOC, markdown },
  })
  expect(created.statusCode).toBe(201)
  const writer = await harness.client(DOC)
  const other = await harness.client(DOC)
  const room = harness.app.markdownsync.rooms.get(DOC)!
  const tops = room.partitions.partitions.map((p) => [...p.top])
  expect(tops).toHaveLength(4)
  const viewer = await harness.client(DOC, { viewport: tops[0]!.slice(0, 5) })
  const paragraph = (p: number): BlockId =>
    tops[p]!.find((b) => room.replica.type(b) === 'paragraph' && room.replica.text(b).length > 8)!
  return { writer, other, viewer, paragraph }
}

describe('naive fanout (benchmark only)', () => {
  it.each([
    ['designed', false],
    ['naive', true],
  ] as const)(
    '%s mode: a session outside the viewport gets content ops only in naive mode',
    async (_, naive) => {
      const { writer, viewer, paragraph } = await setup(naive)
      const unseen = writer.doc.insertText(paragraph(2), 0, 'far away ')
      // ops reach a session in sequence order: once this later one (in P1) is there, the P3 edit
      // would be too if it were sent
      const seen = writer.doc.insertText(paragraph(0), 0, 'here ')
      await until(() => opIds(viewer).has(seen.id), 10_000, 'the P1 edit reaches the viewer')
      expect(opIds(viewer).has(unseen.id)).toBe(naive)
    },
  )

  it.each([
    ['designed', false],
    ['naive', true],
  ] as const)(
    '%s mode: a cursor move outside the viewport reaches the session only in naive mode',
    async (_, naive) => {
      const { writer, other, viewer, paragraph } = await setup(naive)
      const writerSession = writer.welcome!.session
      const otherSession = other.welcome!.session
      writer.moveCursor(paragraph(2), 1)
      // the writer sees its own cursor once the server has it; the P1 cursor that follows is
      // published no earlier than the P3 one
      await until(() => cursorSessions(writer).has(writerSession), 10_000, 'the P3 cursor is in')
      other.moveCursor(paragraph(0), 1)
      await until(() => cursorSessions(viewer).has(otherSession), 10_000, 'the P1 cursor arrives')
      expect(cursorSessions(viewer).has(writerSession)).toBe(naive)
    },
  )
})
