import { describe, expect, it } from 'vitest'
import {
  compareHlc,
  createClock,
  HLC_MAX_COUNTER,
  type Hlc,
  hlcFromBytes,
  hlcFromString,
  hlcToBytes,
  hlcToString,
  receive,
  tick,
} from '../src/hlc.js'

const fakeTime = (start: number) => {
  let t = start
  return { now: () => t, set: (v: number) => (t = v) }
}

const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

describe('hybrid logical clock', () => {
  it('HLC-1: string and byte encodings sort exactly like the (ms, counter, replica) tuple', () => {
    const stamps: Hlc[] = []
    let seed = 7
    const rnd = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    for (let i = 0; i < 2000; i++) {
      stamps.push({
        ms: Math.floor(rnd() * 2 ** 48),
        counter: Math.floor(rnd() * 0x10000),
        replica: Math.floor(rnd() * 2 ** 32),
      })
    }
    stamps.push(
      { ms: 0, counter: 0, replica: 0 },
      { ms: 2 ** 48 - 1, counter: 0xffff, replica: 2 ** 32 - 1 },
    )
    for (let i = 1; i < stamps.length; i++) {
      const a = stamps[i - 1]!
      const b = stamps[i]!
      const tuple = Math.sign(compareHlc(a, b))
      const str = Math.sign(
        hlcToString(a) < hlcToString(b) ? -1 : hlcToString(a) > hlcToString(b) ? 1 : 0,
      )
      expect(str).toBe(tuple)
      expect(Math.sign(compareBytes(hlcToBytes(a), hlcToBytes(b)))).toBe(tuple)
      expect(hlcFromString(hlcToString(a))).toEqual(a)
      expect(hlcFromBytes(hlcToBytes(a))).toEqual(a)
    }
  })

  it('HLC-2: stamps strictly increase when the wall clock stalls', () => {
    const time = fakeTime(1_000)
    const clock = createClock(1, { now: time.now })
    const ids = Array.from({ length: 100 }, () => hlcToString(tick(clock)))
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(100)
  })

  it('HLC-2: stamps strictly increase when the wall clock goes back', () => {
    const time = fakeTime(10_000)
    const clock = createClock(1, { now: time.now })
    const first = tick(clock)
    time.set(5_000)
    const second = tick(clock)
    expect(compareHlc(second, first)).toBeGreaterThan(0)
    expect(second.ms).toBe(10_000)
  })

  it('HLC-2: counter overflow borrows the next millisecond and keeps order', () => {
    const clock = createClock(1, { now: () => 1_000 })
    let previous = tick(clock)
    for (let i = 0; i < HLC_MAX_COUNTER + 10; i++) {
      const next = tick(clock)
      expect(compareHlc(next, previous)).toBeGreaterThan(0)
      expect(next.counter).toBeLessThanOrEqual(HLC_MAX_COUNTER)
      previous = next
    }
    expect(previous.ms).toBe(1_001)
  })

  it('HLC-2: after receiving a remote stamp, the next local stamp is greater', () => {
    const clock = createClock(1, { now: () => 1_000 })
    const remote: Hlc = { ms: 5_000, counter: 42, replica: 9 }
    expect(receive(clock, remote)).toBeUndefined()
    expect(compareHlc(tick(clock), remote)).toBeGreaterThan(0)
  })

  it('HLC-3: a stamp further ahead than the drift bound is refused and changes nothing', () => {
    const clock = createClock(1, { now: () => 1_000, maxDriftMs: 60_000 })
    const before = tick(clock)
    const error = receive(clock, { ms: 1_000 + 60_001, counter: 0, replica: 2 })
    expect(error?.code).toBe('clock_drift')
    expect(receive(clock, { ms: 1_000 + 60_000, counter: 0, replica: 2 })).toBeUndefined()
    const fresh = createClock(1, { now: () => 1_000 })
    tick(fresh)
    receive(fresh, { ms: 999_999, counter: 0, replica: 2 })
    expect(tick(fresh).ms).toBe(before.ms)
  })

  it('refuses malformed stamps with a typed error', () => {
    const clock = createClock(1, { now: () => 1_000 })
    expect(receive(clock, { ms: -1, counter: 0, replica: 0 })?.code).toBe('invalid_stamp')
    expect(receive(clock, { ms: 1, counter: 0x10000, replica: 0 })?.code).toBe('invalid_stamp')
    expect(hlcFromString('zz')).toBeUndefined()
    expect(hlcFromBytes(new Uint8Array(5))).toBeUndefined()
  })
})
