/** Others, their presence and their carets, from the server's diffs and cursor batches. */
import { encodeRelativePosition } from '@markdownsync/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Client, createClient, type RoomEvent } from '../../src/index.js'
import { FAKE_URL, FakeServer } from '../support/fake-server.js'
import { eventually, until } from '../support/wait.js'

let server: FakeServer
let client: Client | undefined
let alpha: string
beforeEach(() => {
  server = new FakeServer()
  ;[alpha] = server.seed(['alphabet']) as [string]
  server.listen()
})
afterEach(() => {
  client?.destroy()
  client = undefined
  server.close()
})

const bob = { id: 'user-2', name: 'Bob', color: '#ff0000', kind: 'human' } as const

describe('presence', () => {
  it('lists others with their presence and their caret resolved in the text, never itself', async () => {
    client = createClient({ url: FAKE_URL, token: 't' })
    const room = client.enterRoom('doc', { initialPresence: { name: 'Ada' } })
    await room.ready()
    const self = room.$self.get()!
    expect(self.presence).toEqual({ name: 'Ada' })
    server.broadcast([
      {
        type: 'presence_diff',
        joined: [
          { session: self.session, user: self.user, presence: { name: 'Ada' } },
          { session: 's-bob', user: bob, presence: { name: 'Bob' } },
        ],
        updated: [],
        left: [],
      },
      {
        type: 'cursor_batch',
        partition: 'p0',
        cursors: [
          {
            session: 's-bob',
            block: alpha,
            anchor: encodeRelativePosition(server.replica.yText(alpha), 5),
          },
        ],
        clusters: [],
        removed: [],
      },
    ])
    const others = await until(room.$others, (list) => list[0]?.cursor?.index === 5)
    expect(others).toEqual([
      {
        session: 's-bob',
        user: bob,
        presence: { name: 'Bob' },
        cursor: { block: alpha, index: 5 },
      },
    ])
    // CURSOR-2: a partition no longer seen takes its cursors with it
    server.broadcast([{ type: 'subscribed', partitionMapVersion: 1, partitions: [] }])
    await until(room.$others, (list) => list[0]?.cursor === null)
    server.broadcast([{ type: 'presence_diff', joined: [], updated: [], left: ['s-bob'] }])
    await until(room.$others, (list) => list.length === 0)
  })

  it('delivers custom events and sends its own', async () => {
    client = createClient({ url: FAKE_URL, token: 't' })
    const room = client.enterRoom('doc')
    await room.ready()
    const events: RoomEvent[] = []
    room.on('event', (e) => events.push(e))
    server.broadcast([{ type: 'event', session: 's-bob', user: 'user-2', data: { emoji: '🎉' } }])
    await eventually(() =>
      expect(events).toEqual([{ session: 's-bob', user: 'user-2', data: { emoji: '🎉' } }]),
    )
    expect(room.broadcastEvent({ hello: 'world' })).toBe(true)
    await eventually(() =>
      expect(server.sent('event').map((m) => m.data)).toEqual([{ hello: 'world' }]),
    )
  })

  it('refuses presence the protocol would refuse (over 4 KiB) with an error, keeping the last good one', async () => {
    client = createClient({ url: FAKE_URL, token: 't' })
    const room = client.enterRoom('doc', { initialPresence: { name: 'Ada' } })
    await room.ready()
    const codes: string[] = []
    room.on('error', (e) => codes.push(e.code))
    room.updatePresence({ name: 'x'.repeat(5_000) })
    expect(codes).toEqual(['invalid_message'])
    expect(room.$self.get()?.presence).toEqual({ name: 'Ada' })
  })
})
