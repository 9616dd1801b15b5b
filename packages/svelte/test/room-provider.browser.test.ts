import type { Client, Room } from '@markdownsync/sdk'
import { render } from '@testing-library/svelte'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getRoom } from '../src/index.js'
import ProviderHarness from './fixtures/ProviderHarness.svelte'
import RoomProbe from './fixtures/RoomProbe.svelte'
import SetRoomHarness from './fixtures/SetRoomHarness.svelte'
import { browserClient, freshDocument } from './support/rooms.js'
import { eventually, textOf } from './support/wait.js'

let client: Client
beforeEach(() => {
  client = browserClient()
})
afterEach(() => client.destroy())

describe('RoomProvider', () => {
  it('enters the room on mount and gives it to the components inside', async () => {
    const roomId = freshDocument('provider')
    const seen: Room[] = []
    render(ProviderHarness, { client, roomId, onroom: (room) => seen.push(room) })

    expect(seen).toHaveLength(1)
    expect(seen[0]?.id).toBe(roomId)
    expect(client.getRoom(roomId)).toBe(seen[0])
    expect(textOf('snippet-room-is-context')).toBe('true')
    await eventually(() => expect(textOf('status')).toBe('connected'))
    await eventually(() => expect(textOf('loaded')).toBe('true'))
  })

  it('enters with initialPresence, which the others see', async () => {
    const roomId = freshDocument('presence')
    render(ProviderHarness, { client, roomId, initialPresence: { name: 'Ada' } })
    const other = browserClient()
    try {
      const watcher = other.enterRoom(roomId)
      await eventually(() => expect(textOf('self-name')).toBe('Ada'))
      await eventually(() =>
        expect(watcher.$others.get().map((o) => o.presence.name)).toEqual(['Ada']),
      )
    } finally {
      other.destroy()
    }
  })

  it('leaves the room when destroyed', async () => {
    const roomId = freshDocument('leave')
    const seen: Room[] = []
    const { unmount } = render(ProviderHarness, {
      client,
      roomId,
      onroom: (r: Room) => seen.push(r),
    })
    const room = seen[0] as Room
    await eventually(() => expect(room.$status.get()).toBe('connected'))

    unmount()

    expect(room.$status.get()).toBe('disconnected')
    expect(client.getRoom(roomId)).toBeUndefined()
  })

  it('leaves the old room and enters the new one when roomId changes, creating the children again', async () => {
    const first = freshDocument('first')
    const second = freshDocument('second')
    const seen: Room[] = []
    const { rerender } = render(ProviderHarness, {
      client,
      roomId: first,
      onroom: (room) => seen.push(room),
    })
    await eventually(() => expect(textOf('status')).toBe('connected'))

    await rerender({ roomId: second })

    expect(seen.map((room) => room.id)).toEqual([first, second])
    expect(seen[0]?.$status.get()).toBe('disconnected')
    expect(client.getRoom(first)).toBeUndefined()
    expect(client.getRoom(second)).toBe(seen[1])
    expect(textOf('room-id')).toBe(second)
    await eventually(() => expect(textOf('status')).toBe('connected'))
  })
})

describe('getRoom and setRoom', () => {
  it('getRoom outside a component says where to call it', () => {
    expect(() => getRoom()).toThrow(/inside <RoomProvider>/)
  })

  it('getRoom in a component with no room above it says so', () => {
    expect(() => render(RoomProbe, {})).toThrow(/found no room/)
  })

  it('setRoom gives a room the app entered itself to the components below', async () => {
    const room = client.enterRoom(freshDocument('set-room'))
    const seen: Room[] = []
    render(SetRoomHarness, { room, onroom: (r: Room) => seen.push(r) })
    expect(seen).toEqual([room])
    await eventually(() => expect(textOf('status')).toBe('connected'))
  })
})
