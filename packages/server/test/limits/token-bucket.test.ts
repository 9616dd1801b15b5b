import { describe, expect, it } from 'vitest'
import { TokenBucket } from '../../src/limits/token-bucket.js'

/** A bucket on a clock the test moves by hand, in milliseconds. */
const setup = (capacity: number, refillPerSecond: number) => {
  const clock = { now: 1_000 }
  const bucket = new TokenBucket({ capacity, refillPerSecond, now: () => clock.now })
  return { clock, bucket }
}

describe('TokenBucket', () => {
  it('a full bucket lets a burst of its capacity through, then asks to wait', () => {
    const { bucket } = setup(5, 1)
    const waits = Array.from({ length: 6 }, () => bucket.take())
    expect(waits).toEqual([0, 0, 0, 0, 0, 1000])
  })

  it('the wait it returns is exactly enough', () => {
    const { clock, bucket } = setup(10, 3)
    for (let i = 0; i < 10; i++) bucket.take()
    const wait = bucket.take(2)
    expect(wait).toBe(667)
    clock.now += wait - 1
    expect(bucket.take(2)).toBeGreaterThan(0)
    clock.now += 1
    expect(bucket.take(2)).toBe(0)
  })

  it('refills at its rate and never above its capacity', () => {
    const { clock, bucket } = setup(4, 2)
    bucket.take(4)
    clock.now += 1_000
    expect(bucket.available).toBeCloseTo(2)
    clock.now += 60_000
    expect(bucket.available).toBe(4)
  })

  it('a refused take takes nothing', () => {
    const { bucket } = setup(3, 1)
    bucket.take(2)
    expect(bucket.take(2)).toBeGreaterThan(0)
    expect(bucket.take(1)).toBe(0)
  })

  it('a cost above capacity is refused with Infinity, even when full', () => {
    const { bucket } = setup(10, 100)
    expect(bucket.take(11)).toBe(Number.POSITIVE_INFINITY)
    expect(bucket.available).toBe(10)
  })

  it('a cost of exactly capacity passes when full', () => {
    expect(setup(10, 1).bucket.take(10)).toBe(0)
  })

  it('many tiny refills add up without float drift locking the caller out', () => {
    const { clock, bucket } = setup(1, 10)
    bucket.take()
    // 0.1 ms at 10/s is 0.001 tokens; a thousand of them make one token, give or take 1e-13.
    for (let i = 0; i < 1_000; i++) clock.now += 0.1
    expect(bucket.take()).toBe(0)
  })

  it('never holds a negative balance, whatever is taken', () => {
    const { bucket } = setup(1, 1)
    bucket.take(0.5)
    bucket.take(0.5)
    expect(bucket.available).toBeGreaterThanOrEqual(0)
    expect(bucket.take(0.5)).toBeGreaterThan(0)
  })

  it('a clock stepping back adds no tokens', () => {
    const { clock, bucket } = setup(2, 1)
    bucket.take(2)
    clock.now -= 5_000
    expect(bucket.available).toBe(0)
    clock.now += 6_000
    expect(bucket.available).toBeCloseTo(1)
  })

  it('a bucket that does not refill asks an empty caller to wait forever', () => {
    const { bucket } = setup(1, 0)
    bucket.take()
    expect(bucket.take()).toBe(Number.POSITIVE_INFINITY)
  })

  it('refuses nonsense configuration and costs', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError)
    expect(() => new TokenBucket({ capacity: 1, refillPerSecond: -1 })).toThrow(RangeError)
    expect(() => setup(1, 1).bucket.take(-1)).toThrow(RangeError)
    expect(() => setup(1, 1).bucket.take(Number.NaN)).toThrow(RangeError)
  })

  it("a burst read after the reader's stall may use the refill it earned meanwhile, beyond capacity", () => {
    const clock = { now: 0, stalled: 0 }
    const bucket = new TokenBucket({
      capacity: 20,
      refillPerSecond: 10,
      now: () => clock.now,
      stalledMs: () => clock.stalled,
    })
    bucket.take(20)
    // the server was stuck for 5 s; the client kept to 10/s and its 50 messages arrive at once
    clock.now += 5_000
    clock.stalled += 5_000
    // read one after another, a few microseconds apart
    const burst = Array.from({ length: 50 }, () => {
      clock.now += 0.005
      return bucket.take()
    })
    expect(burst.every((wait) => wait === 0)).toBe(true)
    expect(bucket.take()).toBeGreaterThan(0)
    // without a stall the same quiet period earns only the capacity
    clock.now += 5_000
    expect(bucket.available).toBe(20)
  })
})
