import { ROOT_ID } from '@markdownsync/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startServer, until } from '../support/harness.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('RoomRegistry', () => {
  it('closes a room that has had no session for the idle time, after a final snapshot', async () => {
    harness = await startServer()
    const client = await harness.client('idle-doc')
    client.doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: 'kept' })
    await until(() => client.outbox.size === 0, 10_000, 'ack')
    await client.close()
    const { rooms, storage } = harness.app.markdownsync
    await until(() => rooms.get('idle-doc')?.members.size === 0, 5_000, 'session gone')
    const now = Date.now()
    await rooms.closeIdle(now)
    expect(rooms.get('idle-doc')).toBeDefined()
    await rooms.closeIdle(now + 61_000)
    expect(rooms.get('idle-doc')).toBeUndefined()
    expect((await storage.latestSnapshot('idle-doc'))?.seq).toBe(1)
    // and it opens again, from the snapshot, when someone comes back
    const markdown = await harness.app.inject({ url: '/v1/documents/idle-doc/markdown' })
    expect(markdown.body).toBe('kept\n')
  })
})
