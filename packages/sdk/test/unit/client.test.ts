/** createClient's contract: its options are checked, and a room says what it lacks. */
import { describe, expect, it, onTestFinished } from 'vitest'
import { createClient } from '../../src/index.js'

describe('createClient', () => {
  it('refuses a url that is not a WebSocket url, and more than one way to get tokens', () => {
    expect(() => createClient({ url: 'http://localhost:4455/v1/sync' })).toThrow(TypeError)
    expect(() => createClient({ url: 'ws://localhost/v1/sync', token: 't', dev: true })).toThrow(
      /one of/,
    )
  })

  it('a room without any WebSocket implementation stops with an error that says what to pass', async () => {
    // Node 20 has none; newer Node does, so it is taken away for this test
    const global = globalThis as { WebSocket?: unknown }
    const saved = global.WebSocket
    delete global.WebSocket
    onTestFinished(() => {
      if (saved !== undefined) global.WebSocket = saved
    })
    const client = createClient({ url: 'ws://localhost:1/v1/sync', token: 't' })
    const room = client.enterRoom('doc')
    expect(room.$status.get()).toBe('disconnected')
    expect(room.$errors.get()).toMatchObject([{ code: 'internal', fatal: true }])
    expect(room.$errors.get()[0]?.message).toMatch(/ws package/)
    await expect(room.ready()).rejects.toMatchObject({ code: 'going_away' })
    expect(client.enterRoom('doc')).toBe(room) // the same room while entered
    client.destroy()
  })
})
