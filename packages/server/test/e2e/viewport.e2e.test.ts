/**
 * Viewport delivery over real WebSockets (DELIVERY-1…3, core/src/delivery.ts): a session gets
 * the whole structure of the document, the content only of the partitions its viewport
 * touches, and the content it lacks by catch-up — when it scrolls, when a block moves into
 * what it sees, and when a re-cut hands it another partition's blocks.
 */
import {
  type BlockId,
  deliveryClass,
  type Envelope,
  ROOT_ID,
  type SequencedEnvelope,
  TYPE_PROPERTY,
} from '@markdownsync/core'
import { afterEach, describe, expect, it } from 'vitest'
import { structureOf, subtreeOf } from '../support/canonical-diff.js'
import { type Harness, startServer, until } from '../support/harness.js'
import { sectionedMarkdown } from '../support/markdown-fixture.js'
import type { ProtocolClient } from '../support/protocol-client.js'
import { createPrng } from '../support/random-edits.js'
import { settle } from '../support/settle.js'

const DOC = 'viewport'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

/** Every op a client received, in order. */
const receivedOps = (client: ProtocolClient): SequencedEnvelope[] =>
  client.received.flatMap((m) => (m.type === 'ops' ? m.entries : []))

/** The block whose content an op carries, if it carries any (the DELIVERY-2 kind). */
const contentOf = (envelope: Envelope): BlockId | undefined => {
  const op = envelope.op
  switch (op.kind) {
    case 'edit_text':
      return op.block
    case 'set_property':
      return op.key === TYPE_PROPERTY ? undefined : op.block
    case 'insert_block':
      return op.text !== undefined || op.props !== undefined ? op.block : undefined
    case 'split_block':
      // an empty Yjs update is two bytes
      return op.props !== undefined || op.headUpdate.length > 2 || op.tailText.length > 2
        ? op.newBlock
        : undefined
    default:
      return undefined
  }
}

/**
 * Sections of 130, 130, 130 and 50 blocks: four partitions, P1…P4. `writer` sees everything;
 * `viewer` shows a few blocks of the partition `viewed` picks.
 */
const setup = async (viewed: (partitions: BlockId[][]) => BlockId[]) => {
  harness = await startServer()
  const markdown = sectionedMarkdown(createPrng(4), [130, 130, 130, 50])
  const created = await harness.app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: { id: DOC, markdown },
  })
  expect(created.statusCode).toBe(201)
  const writer = await harness.client(DOC)
  const room = harness.app.markdownsync.rooms.get(DOC)!
  const tops = room.partitions.partitions.map((p) => [...p.top])
  expect(tops).toHaveLength(4)
  const viewer = await harness.client(DOC, { viewport: viewed(tops) })
  const paragraphs = (p: number): BlockId[] =>
    tops[p]!.filter((b) => room.replica.type(b) === 'paragraph' && room.replica.text(b).length > 8)
  return { room, writer, viewer, tops, paragraphs }
}

describe('viewport delivery', () => {
  it('DELIVERY-1/2: a session that sees P1 gets the structure of P3 without any of its content', async () => {
    const { room, writer, viewer, tops, paragraphs } = await setup((t) => t[0]!.slice(0, 5))
    const p1 = room.partitions.partitionOf(tops[0]![0]!)!
    expect([...viewer.subscribed]).toEqual([p1])
    const [a, b, c, d, e] = paragraphs(2) as [BlockId, BlockId, BlockId, BlockId, BlockId]
    const other = await harness!.client(DOC)
    writer.doc.insertText(a, 0, 'hello ')
    other.doc.deleteText(b, 0, 3)
    writer.doc.formatText(c, 0, 4, { bold: true })
    other.doc.setProperty(d, 'color', 'red')
    writer.doc.setProperty(e, TYPE_PROPERTY, 'quote')
    other.doc.insertBlock({
      parent: ROOT_ID,
      after: a,
      type: 'paragraph',
      text: 'new',
      props: { checked: true },
    })
    writer.doc.insertBlock({
      parent: b,
      type: 'paragraph',
      text: 'nested',
      props: { color: 'blue' },
    })
    other.doc.splitBlock(c, 5)
    const authored = [...writer.authored, ...other.authored]
    // and, for contrast, an edit in P1
    const [seen] = paragraphs(0) as [BlockId]
    writer.doc.insertText(seen, 0, 'seen ')
    await settle(room, [writer, other, viewer], { barrier: writer })

    const p3 = room.partitions.partitionOf(a)!
    const p3Blocks = new Set(room.partitions.blocksOf(p3))
    const received = receivedOps(viewer)
    const ids = new Set(received.map((e) => e.envelope.id))
    // no content of P3 reached it …
    expect(received.filter((e) => p3Blocks.has(contentOf(e.envelope) ?? ''))).toEqual([])
    // … every structure op did, stripped, and no content op
    const sent = receivedOps(writer).filter((e) => authored.includes(e.envelope.id))
    for (const { envelope } of sent)
      expect(ids.has(envelope.id), envelope.op.kind).toBe(
        deliveryClass(envelope.op) === 'structure',
      )
    expect(sent.filter((e) => deliveryClass(e.envelope.op) === 'structure')).toHaveLength(4)
    // DELIVERY-1: the whole tree with its types, and no text or property of P3
    expect(structureOf(viewer.doc.toCanonical())).toEqual(structureOf(room.replica.toCanonical()))
    expect(viewer.doc.type(e)).toBe('quote')
    expect(viewer.doc.text(seen)).toBe(room.replica.text(seen))
    for (const block of [a, b, c, d]) {
      expect(viewer.doc.text(block)).toBe('')
      expect(viewer.doc.props(block)).toEqual({})
    }
  })

  it('DELIVERY-3: scrolling to P3 catches its content up, and later edits there reach the session', async () => {
    const { room, writer, viewer, tops, paragraphs } = await setup((t) => t[0]!.slice(0, 5))
    const [a, b, c] = paragraphs(2) as [BlockId, BlockId, BlockId]
    writer.doc.insertText(a, 2, 'missed ')
    writer.doc.setProperty(b, 'checked', true)
    writer.doc.insertBlock({ parent: c, type: 'paragraph', text: 'child', props: { color: 'red' } })
    await settle(room, [writer, viewer], { barrier: writer })
    expect(viewer.doc.text(a)).toBe('')

    const p3 = room.partitions.partitionOf(a)!
    viewer.setViewport(tops[2]!.slice(0, 5))
    await until(() => viewer.subscribed.has(p3) && viewer.isCaughtUp, 5000, 'P3 caught up')
    const server = room.replica.toCanonical()
    const mine = viewer.doc.toCanonical()
    for (const top of room.partitions.get(p3)!.top)
      expect(subtreeOf(mine, top), top).toEqual(subtreeOf(server, top))

    writer.doc.insertText(a, 0, 'later ')
    writer.doc.setProperty(c, 'color', 'blue')
    await until(
      () =>
        viewer.doc.text(a) === room.replica.text(a) && viewer.doc.property(c, 'color') === 'blue',
      5000,
      'later edits in P3 reach the session',
    )
    expect(viewer.doc.text(a).startsWith('later ')).toBe(true)
  })

  it('relocation: a block moved from P3, unseen, into P1 arrives with its content', async () => {
    const { room, writer, viewer, paragraphs } = await setup((t) => t[0]!.slice(0, 5))
    const [nested, top] = paragraphs(2) as [BlockId, BlockId]
    const [host, after] = paragraphs(0) as [BlockId, BlockId]
    const p1 = room.partitions.partitionOf(host)!
    writer.doc.setProperty(nested, 'color', 'red')
    writer.doc.insertBlock({ parent: nested, type: 'paragraph', text: 'comes along' })
    writer.doc.insertText(top, 0, 'moved ')
    await settle(room, [writer, viewer], { barrier: writer })
    expect(viewer.doc.text(nested)).toBe('')

    writer.doc.moveBlock(nested, { parent: host })
    writer.doc.moveBlock(top, { parent: ROOT_ID, after })
    await settle(room, [writer, viewer], { barrier: writer })
    expect(room.partitions.partitionOf(nested)).toBe(p1)
    expect(room.partitions.partitionOf(top)).toBe(p1)
    expect(viewer.subscribed).toEqual(new Set([p1]))
    const server = room.replica.toCanonical()
    const mine = viewer.doc.toCanonical()
    expect(subtreeOf(mine, nested)).toEqual(subtreeOf(server, nested))
    expect(subtreeOf(mine, top)).toEqual(subtreeOf(server, top))
    expect(viewer.doc.text(top).startsWith('moved ')).toBe(true)
  })

  it('DELIVERY-3: a partition that takes over another one’s blocks by a re-cut catches them up', async () => {
    // deleting P4's heading leaves its blocks to P3, which a session seeing only P3 lacked
    const { room, writer, viewer, tops } = await setup((t) => t[2]!.slice(0, 5))
    const heading = tops[3]![0]!
    const left = tops[3]!.slice(1)
    writer.doc.deleteBlock(heading)
    await settle(room, [writer, viewer], { barrier: writer })
    const absorbing = room.partitions.partitionOf(left[0]!)!
    expect(room.partitions.partitionOf(tops[2]![0]!)).toBe(absorbing)
    expect(viewer.subscribed).toEqual(new Set([absorbing]))
    const server = room.replica.toCanonical()
    const mine = viewer.doc.toCanonical()
    for (const block of left)
      expect(subtreeOf(mine, block), block).toEqual(subtreeOf(server, block))
  })

  it('an op sequenced just before a re-cut retires its partition still reaches the sessions that see its block', async () => {
    // in one server tick: a property of a P2 block, P2's heading deleted (a re-cut retires
    // P2's id), and the block moved into P3 — whose id stays, so no catch-up would bring it
    const { room, writer, tops, paragraphs } = await setup((t) => t[0]!.slice(0, 5))
    const observer = await harness!.client(DOC)
    const [moved] = paragraphs(1) as [BlockId]
    const [host] = paragraphs(2) as [BlockId]
    const p3 = room.partitions.partitionOf(host)
    writer.batch((doc) => {
      doc.setProperty(moved, 'color', 'red')
      doc.deleteBlock(tops[1]![0]!)
      doc.moveBlock(moved, { parent: host })
    })
    await settle(room, [writer, observer], { barrier: writer })
    expect(room.partitions.partitionOf(moved)).toBe(p3)
    expect(observer.doc.property(moved, 'color')).toBe('red')
  })
})
