/**
 * A client that reads slowly is held back, marked lagging once its backlog passes
 * `maxQueuedBytes`, and resynced by a fresh snapshot when its socket drains: it ends with the
 * same document as everyone, and it still learns which of its own ops became durable. Its
 * catch-up (more text than it may have queued) is streamed as its socket drains.
 */
import { ROOT_ID } from '@markdownsync/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startServer, until } from '../support/harness.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const pauseReading = (socket: unknown, paused: boolean): void => {
  const raw = (socket as { _socket: { pause(): void; resume(): void } })._socket
  if (paused) raw.pause()
  else raw.resume()
}

describe('a slow client', () => {
  it('is marked lagging, then resynced by snapshot when it drains, and converges', async () => {
    harness = await startServer({
      limits: { maxQueuedBytes: 512 * 1024, backpressureBytes: 64 * 1024 },
    })
    const slow = await harness.client('slow-doc')
    const writer = await harness.client('slow-doc')
    const { op } = slow.doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: 'mine' })
    await until(() => writer.replica?.exists(op.block) === true, 5000, 'writer sees the block')
    pauseReading(slow.socket, true)
    // the slow client's own op, sent while it is not reading: its ack must survive lagging
    slow.doc.insertText(op.block, 4, '!')
    const chunk = 'y'.repeat(150_000)
    for (let i = 0; i < 120; i++)
      writer.doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: `${i}${chunk}` })
    await until(() => writer.outbox.size === 0, 20_000, 'writer acked')
    const room = harness.app.markdownsync.rooms.get('slow-doc')!
    const member = [...room.members.values()].find((m) => m.replica === slow.welcome?.replica)
    await until(() => member?.lagging === true, 20_000, 'the slow session lagging')
    pauseReading(slow.socket, false)
    await until(() => slow.received.some((m) => m.type === 'lagging'), 20_000, 'lagging message')
    await until(() => slow.outbox.size === 0, 20_000, "the slow client's op acknowledged")
    await until(() => slow.lastSeq >= room.seq, 20_000, 'the slow client caught up')
    // the resync snapshot carries structure; content follows by catch-up of what it sees
    const same = (): boolean =>
      JSON.stringify(slow.doc.toCanonical()) === JSON.stringify(room.replica.toCanonical())
    await until(same, 20_000, 'the slow client equal to the server')
    expect(slow.doc.toCanonical()).toEqual(room.replica.toCanonical())
  })
})
