import { PROTOCOL_LIMITS } from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import {
  SESSION_RATE_LIMITS,
  SessionRateLimits,
  TRAFFIC_KINDS,
  type TrafficKind,
} from '../../src/limits/rate-limits.js'

const frozenClock = () => 0

/** How many unit takes pass before the first refusal, on a clock that never moves. */
const burstOf = (limits: SessionRateLimits, kind: TrafficKind): number => {
  let n = 0
  while (limits.take(kind) === 0) n++
  return n
}

describe('SessionRateLimits', () => {
  it.each([
    ['ops', 1000],
    ['presence', 60],
    ['viewport', 20],
    ['events', 40],
    ['catchUp', 20],
  ] as const)('a human session may burst %s %i times', (kind, burst) => {
    expect(burstOf(new SessionRateLimits({ now: frozenClock }), kind)).toBe(burst)
  })

  it('agents get their own, larger ops tier', () => {
    expect(burstOf(new SessionRateLimits({ kind: 'agent', now: frozenClock }), 'ops')).toBe(2000)
  })

  it('each class of traffic has its own bucket: a cursor flood does not block edits', () => {
    const limits = new SessionRateLimits({ now: frozenClock })
    burstOf(limits, 'presence')
    expect(limits.take('ops', 10)).toBe(0)
  })

  it('a largest allowed ops batch always fits in the ops bursts', () => {
    expect(SESSION_RATE_LIMITS.ops.capacity).toBeGreaterThanOrEqual(PROTOCOL_LIMITS.maxOpsPerBatch)
    expect(SESSION_RATE_LIMITS.agentOps.capacity).toBeGreaterThanOrEqual(
      PROTOCOL_LIMITS.maxOpsPerBatch,
    )
  })

  it('an over-limit class says how long to wait, at its refill rate', () => {
    const clock = { now: 0 }
    const limits = new SessionRateLimits({ now: () => clock.now })
    burstOf(limits, 'viewport')
    expect(limits.take('viewport')).toBe(100)
    clock.now += 100
    expect(limits.take('viewport')).toBe(0)
  })

  it('a deployment can override one class', () => {
    const limits = new SessionRateLimits({
      now: frozenClock,
      limits: { events: { refillPerSecond: 1, capacity: 3 } },
    })
    expect(burstOf(limits, 'events')).toBe(3)
    expect(burstOf(limits, 'catchUp')).toBe(20)
  })

  it('every traffic kind has a bucket', () => {
    const limits = new SessionRateLimits()
    for (const kind of TRAFFIC_KINDS) expect(limits.take(kind)).toBe(0)
  })
})
