/**
 * Ephemeral traffic is throttled, leading and trailing, the latest value winning: the
 * viewport at 2 Hz, the caret at 4 Hz (fake timers).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { resolveRelativePosition } from '../../src/engine/text-items.js'
import { type Client, createClient } from '../../src/index.js'
import { FAKE_URL, FakeServer } from '../support/fake-server.js'

let server: FakeServer
let client: Client | undefined
let alpha: string
beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })
  server = new FakeServer()
  ;[alpha] = server.seed(['alphabet']) as [string]
  server.listen()
})
afterEach(() => {
  client?.destroy()
  client = undefined
  server.close()
  vi.useRealTimers()
})

const run = (ms = 0): Promise<void> => vi.advanceTimersByTimeAsync(ms).then(() => undefined)

const enter = async () => {
  client = createClient({ url: FAKE_URL, token: 't' })
  const room = client.enterRoom<{ name: string; typing?: number }>('doc', {
    initialPresence: { name: 'Ada' },
  })
  await run(10)
  expect(room.$loaded.get()).toBe(true)
  return room
}

describe('throttling', () => {
  it('reports the viewport at most twice a second, the latest set winning', async () => {
    const room = await enter()
    const before = server.sent('viewport').length
    for (let i = 0; i < 10; i++) {
      room.setViewport([`b${i}`])
      await run(100)
    }
    await run(1_000)
    expect(
      server
        .sent('viewport')
        .slice(before)
        .map((m) => m.blocks),
    ).toEqual([['b0'], ['b4'], ['b9']])
  })

  it('sends the caret at most 4 times a second, the latest position winning', async () => {
    const room = await enter()
    for (let i = 0; i < 20; i++) {
      room.updatePresence({ cursor: { block: alpha, index: i % 7 } })
      await run(50)
    }
    await run(1_000)
    const cursors = server.sent('cursor')
    const text = server.replica.yText(alpha)
    expect(cursors.map((c) => resolveRelativePosition(text, c.anchor))).toEqual([0, 4, 2, 0, 5])
    room.updatePresence({ cursor: null })
    await run(1_000)
    expect(server.sent('cursor_clear')).toHaveLength(1)
  })

  it('sends presence at most 4 times a second, merged', async () => {
    const room = await enter()
    for (let i = 0; i < 10; i++) {
      room.updatePresence({ typing: i })
      await run(50)
    }
    await run(1_000)
    expect(server.sent('presence').map((m) => m.data)).toEqual([
      { name: 'Ada', typing: 0 },
      { name: 'Ada', typing: 4 },
      { name: 'Ada', typing: 9 },
    ])
    expect(room.$self.get()?.presence).toEqual({ name: 'Ada', typing: 9 })
  })
})
