/**
 * Joining sessions share one structure snapshot: a session that joins later gets the same
 * pieces plus the structure ops after them, and ends with the server's structure.
 */
import {
  DocumentReplica,
  decodeServerMessage,
  type Envelope,
  ROOT_ID,
  SnapshotAssembler,
} from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import type { FanoutEntry } from '../../src/rooms/fanout.js'
import { JoinSnapshots } from '../../src/rooms/join-snapshot.js'
import { RecentOps } from '../../src/rooms/recent-ops.js'
import { structureOf } from '../support/canonical-diff.js'

const setup = () => {
  const server = new DocumentReplica({ replica: 1, user: 'server' })
  const recent = new RecentOps<FanoutEntry>(10_000, 64 * 1024 * 1024)
  let seq = 0
  const sequence = (envelope: Envelope): void => {
    seq++
    recent.push(
      {
        seq,
        envelope,
        delivery: envelope.op.kind === 'edit_text' ? 'content' : 'structure',
        partitions: [],
        relocations: [],
      },
      100,
    )
  }
  for (let i = 0; i < 20; i++)
    sequence(
      server.insertBlock({ id: `b${i}`, parent: ROOT_ID, type: 'paragraph', text: `block ${i}` }),
    )
  return { server, recent, sequence, seq: () => seq }
}

/** A client joining with the frames: the snapshot assembled and loaded, then the ops applied. */
const join = (frames: readonly Uint8Array[]): DocumentReplica => {
  const assembler = new SnapshotAssembler()
  let client: DocumentReplica | undefined
  for (const frame of frames) {
    const decoded = decodeServerMessage(frame)
    if (!decoded.ok) throw new Error(decoded.error.message)
    const message = decoded.value
    if (message.type === 'catch_up' && message.content.kind === 'snapshot') {
      const whole = assembler.add(message.content.snapshot, message.done)
      if (whole !== undefined) client = DocumentReplica.fromSnapshot(whole, { replica: 77 })
    } else if (message.type === 'ops') client!.apply(message.entries.map((e) => e.envelope))
  }
  return client!
}

describe('JoinSnapshots', () => {
  it('a later join reuses the pieces, with the structure ops since, and ends with the server structure', () => {
    const { server, recent, sequence, seq } = setup()
    const snapshots = new JoinSnapshots(server, recent)
    const first = snapshots.framesAt(seq())
    if (first.kind !== 'frames') throw new Error('too big')
    // ops after the snapshot: structure and text
    sequence(server.moveBlock('b3', { parent: ROOT_ID, after: 'b10' }))
    sequence(server.insertBlock({ id: 'late', parent: ROOT_ID, after: 'b0', type: 'heading' }))
    sequence(server.editText('b5', (text) => text.insert(0, 'edited ')))
    sequence(server.deleteBlock('b7'))
    const second = snapshots.framesAt(seq())
    if (second.kind !== 'frames') throw new Error('too big')
    expect(second.frames.slice(0, first.frames.length)).toEqual(first.frames)
    // the three structure ops follow; the text edit is content (it comes by catch-up)
    expect(second.frames.length).toBe(first.frames.length + 3)
    const client = join(second.frames)
    expect(structureOf(client.toCanonical())).toEqual(structureOf(server.toCanonical()))
  })

  it('a snapshot is made again once too many ops came after it, or they left the recent ops', () => {
    const { server, recent, sequence, seq } = setup()
    const snapshots = new JoinSnapshots(server, recent)
    const first = snapshots.framesAt(seq())
    for (let i = 0; i < 2_001; i++) sequence(server.editText('b1', (text) => text.insert(0, 'x')))
    const second = snapshots.framesAt(seq())
    if (first.kind !== 'frames' || second.kind !== 'frames') throw new Error('too big')
    expect(second.frames[0]).not.toEqual(first.frames[0])
    const client = join(second.frames)
    expect(structureOf(client.toCanonical())).toEqual(structureOf(server.toCanonical()))
  })
})
