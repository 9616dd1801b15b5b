/**
 * Reconnection policy, on fake timers: the backoff schedule (with its jitter pinned by the
 * room's random), close codes that stop the room, token refresh after 4403, heartbeats.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type Client, createClient, type RoomError } from '../../src/index.js'
import { FAKE_URL, FakeServer } from '../support/fake-server.js'

let server: FakeServer
let client: Client | undefined
beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })
  server = new FakeServer()
  server.seed(['alpha'])
  server.listen()
})
afterEach(() => {
  client?.destroy()
  client = undefined
  server.close()
  vi.useRealTimers()
})

/** Lets sockets, microtasks and due timers run, `ms` of fake time at most. */
const run = (ms = 0): Promise<void> => vi.advanceTimersByTimeAsync(ms).then(() => undefined)

const backoff = { minDelayMs: 1_000, maxDelayMs: 8_000, factor: 2, jitter: 0.5, slowFloorMs: 5_000 }

const enter = (
  options: Parameters<typeof createClient>[0] = { url: FAKE_URL, token: 't', backoff },
) => {
  client = createClient(options)
  // random 0.5: every delay is 75% of its backoff step (jitter 0.5 takes off up to half)
  const room = client.enterRoom('doc', { random: () => 0.5 })
  const errors: RoomError[] = []
  room.on('error', (e) => errors.push(e))
  return { room, errors }
}

describe('reconnecting', () => {
  it('waits the jittered backoff before each attempt, growing until a session is admitted', async () => {
    const { room } = enter()
    await run(10)
    expect(room.$status.get()).toBe('connected')
    server.accepting = false
    server.closeAll(4503, 'going away')
    await run(0)
    expect(room.$status.get()).toBe('reconnecting')
    const attempts = (): number => server.connections.length
    const before = attempts()
    await run(749) // 1000 × 0.75
    expect(attempts()).toBe(before)
    await run(1)
    expect(attempts()).toBe(before + 1) // refused: the next step doubles
    await run(1_499) // 2000 × 0.75
    expect(attempts()).toBe(before + 1)
    server.accepting = true
    await run(1)
    await run(10)
    expect(attempts()).toBe(before + 2)
    expect(room.$status.get()).toBe('connected')
  })

  it('waits at least the slow floor after 4429 (rate limited)', async () => {
    const { room, errors } = enter()
    await run(10)
    server.closeAll(4429, 'too many messages; slow down')
    await run(0)
    const before = server.connections.length
    await run(3_749) // 5000 × 0.75
    expect(server.connections.length).toBe(before)
    await run(1)
    await run(10)
    expect(server.connections.length).toBe(before + 1)
    expect(room.$status.get()).toBe('connected')
    expect(errors.map((e) => [e.code, e.fatal])).toEqual([['rate_limited', false]])
  })

  it('stops with "please reload" on 4400 and never retries', async () => {
    const { room, errors } = enter()
    await run(10)
    server.closeAll(4400, 'please reload')
    await run(60_000)
    expect(room.$status.get()).toBe('disconnected')
    expect(server.connections).toHaveLength(1)
    expect(errors).toMatchObject([{ code: 'unsupported_version', fatal: true }])
    expect(errors[0]?.message).toMatch(/reload/)
  })

  it('stops on 4404 (document not found)', async () => {
    const { room, errors } = enter()
    await run(10)
    server.closeAll(4404, 'document doc does not exist')
    await run(60_000)
    expect(room.$status.get()).toBe('disconnected')
    expect(errors).toMatchObject([{ code: 'not_found', fatal: true }])
    await expect(room.ready()).resolves.toBeUndefined() // it had loaded before
  })

  it('fetches a new token after 4403 and connects with it', async () => {
    let issued = 0
    const { room } = enter({
      url: FAKE_URL,
      backoff,
      authEndpoint: async () => `token-${++issued}`,
    })
    await run(10)
    server.closeAll(4403, 'token expired')
    await run(10_000)
    expect(room.$status.get()).toBe('connected')
    expect(server.sent('hello').map((h) => h.token)).toEqual(['token-1', 'token-2'])
  })

  it('stops after 4403 when the token is fixed and cannot be refreshed', async () => {
    const { room, errors } = enter()
    await run(10)
    server.closeAll(4403, 'token expired')
    await run(60_000)
    expect(room.$status.get()).toBe('disconnected')
    expect(errors).toMatchObject([{ code: 'unauthorized', fatal: true }])
  })

  it('pings every heartbeat and reconnects when nothing came back for two', async () => {
    const { room } = enter()
    await run(10)
    expect(room.$status.get()).toBe('connected')
    await run(15_000)
    expect(server.sent('ping')).toHaveLength(1)
    server.answerPings = false
    await run(45_000)
    expect(server.sent('hello').length).toBeGreaterThan(1)
    expect(server.sent('hello').at(-1)?.lastSeq).toBe(1) // a resume, not a fresh start
  })
})
