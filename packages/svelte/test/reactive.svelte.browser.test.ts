// A .svelte.ts test: runes ($effect.root) to read the helpers outside components too.
import type { Client, Room } from '@markdownsync/sdk'
import { render } from '@testing-library/svelte'
import { atom, onMount } from 'nanostores'
import { flushSync } from 'svelte'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storeValue, useBlock, useStatus } from '../src/index.js'
import RoomStateHarness from './fixtures/RoomStateHarness.svelte'
import StoreValue from './fixtures/StoreValue.svelte'
import { browserClient, freshDocument } from './support/rooms.js'
import { eventually, textOf } from './support/wait.js'

let client: Client
let room: Room<{ name: string }>
let first: string
let second: string

beforeAll(async () => {
  client = browserClient()
  room = client.enterRoom(freshDocument('reactive'), { initialPresence: { name: 'Ada' } })
  await room.ready()
  first = room.insertBlock({ text: 'first' }) as string
  second = room.insertBlock({ text: 'second' }) as string
})
afterAll(() => client.destroy())

const showState = (selected: string) => render(RoomStateHarness, { room, selected })

describe('reactive helpers in a component', () => {
  it('show the room’s connection, loading and synchronization', async () => {
    showState(first)
    await eventually(() => {
      expect(textOf('synchronized')).toBe('true')
      expect(textOf('status')).toBe('connected')
      expect(textOf('loaded')).toBe('true')
      expect(Number(textOf('partitions'))).toBeGreaterThan(0)
      expect(textOf('self')).toBe('Ada')
      expect(textOf('clusters')).toBe('0')
    })
  })

  it('follow a block’s text, the list of children and undo as the document changes', async () => {
    showState(first)
    await eventually(() => {
      expect(textOf('block')).toBe('first')
      expect(textOf('children')).toBe(`${first},${second}`)
    })

    room.replaceText(first, 'first, edited')
    const third = room.insertBlock({ text: 'third' }) as string

    await eventually(() => {
      expect(textOf('block')).toBe('first, edited')
      expect(textOf('children')).toBe(`${first},${second},${third}`)
      expect(textOf('can-undo')).toBe('true')
    })
    room.history.undo()
    await eventually(() => {
      expect(textOf('can-redo')).toBe('true')
      expect(textOf('children')).toBe(`${first},${second}`)
    })
  })

  it('useBlock(() => id) follows the id it is given', async () => {
    const { rerender } = showState(first)
    await eventually(() => expect(textOf('block')).toMatch(/^first/))
    await rerender({ selected: second })
    await eventually(() => expect(textOf('block')).toBe('second'))
    await rerender({ selected: 'no-such-block' })
    await eventually(() => expect(textOf('block')).toBe('none'))
  })

  it('show the others in the room and the errors the room reports', async () => {
    showState(first)
    const other = browserClient()
    try {
      other.enterRoom(room.id, { initialPresence: { name: 'Bob' } })
      await eventually(() => expect(textOf('others')).toBe('Bob'))
      room.setProperty('no-such-block', 'checked', true) // refused locally: invalid_edit
      await eventually(() => expect(textOf('errors')).toContain('invalid_edit'))
      other.destroy()
      await eventually(() => expect(textOf('others')).toBe(''))
    } finally {
      other.destroy()
    }
  })

  it('listen to a store only while a component shows it', async () => {
    let listening = false
    const store = atom(1)
    onMount(store, () => {
      listening = true
      return () => {
        listening = false
      }
    })
    const { unmount } = render(StoreValue, { store })
    expect(listening).toBe(true)
    expect(textOf('value')).toBe('1')
    store.set(2)
    flushSync()
    expect(textOf('value')).toBe('2')

    unmount()
    // nanostores stops a store a moment after its last listener left
    await eventually(() => expect(listening).toBe(false))
  })
})

describe('reactive helpers outside components', () => {
  it('read the store’s current value anywhere, and follow it inside an effect', () => {
    const status = useStatus(room)
    expect(status.current).toBe(room.$status.get())

    const store = atom('a')
    const value = storeValue(store)
    const seen: string[] = []
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(value.current)
      })
    })
    flushSync()
    store.set('b')
    flushSync()
    stop()
    store.set('c')
    flushSync()
    expect(seen).toEqual(['a', 'b'])
    expect(value.current).toBe('c')
  })

  it('useBlock with a getter follows the id inside an effect', async () => {
    let selected = $state(first)
    const block = useBlock(() => selected, room)
    let text: string | undefined
    const stop = $effect.root(() => {
      $effect(() => {
        text = block.current?.text[0]?.insert
      })
    })
    try {
      await eventually(() => expect(text).toMatch(/^first/))
      selected = second
      await eventually(() => expect(text).toBe('second'))
    } finally {
      stop()
    }
  })
})
