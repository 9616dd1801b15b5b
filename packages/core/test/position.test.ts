import { describe, expect, it } from 'vitest'
import {
  compareSiblings,
  isValidPositionKey,
  POSITION_MAX_LENGTH,
  positionBetween,
  positionNear,
  positionsBetween,
} from '../src/position.js'

const seeded = (seed: number) => () => {
  seed = (seed * 16807) % 2147483647
  return seed / 2147483647
}

describe('fractional positions', () => {
  it('produces a valid key strictly between its neighbours, at either open end too', () => {
    const random = seeded(3)
    let keys: string[] = [positionBetween(null, null, random)]
    for (let i = 0; i < 3000; i++) {
      const at = Math.floor(random() * (keys.length + 1))
      const before = keys[at - 1] ?? null
      const after = keys[at] ?? null
      const key = positionBetween(before, after, random)
      expect(isValidPositionKey(key)).toBe(true)
      if (before !== null) expect(key > before).toBe(true)
      if (after !== null) expect(key < after).toBe(true)
      keys = [...keys.slice(0, at), key, ...keys.slice(at)]
    }
  })

  it('gives concurrent inserts at the same place distinct keys (jitter)', () => {
    const keys = new Set<string>()
    const random = seeded(11)
    for (let i = 0; i < 200; i++) keys.add(positionBetween('a0', 'a1', random))
    expect(keys.size).toBeGreaterThan(190)
  })

  it('never throws on equal or inverted neighbours', () => {
    expect(positionBetween('a0', 'a0') > 'a0').toBe(true)
    expect(positionBetween('a5', 'a1') > 'a5').toBe(true)
  })

  it('MOVE-4: siblings order by key bytewise, then by block id', () => {
    expect(compareSiblings('a0', 'x', 'a1', 'a')).toBeLessThan(0)
    expect(compareSiblings('a0', 'b', 'a0', 'a')).toBeGreaterThan(0)
    expect(compareSiblings('Zz', 'a', 'a0', 'a')).toBeLessThan(0)
  })

  it('keeps keys short: 10,000 appends and 1,000 inserts into one gap', () => {
    const appended = positionsBetween(null, null, 10_000, seeded(5))
    expect(appended.at(-1)!.length).toBeLessThan(12)
    let hi = 'a1'
    for (let i = 0; i < 1000; i++) hi = positionBetween('a0', hi, seeded(i + 1))
    expect(hi.length).toBeLessThan(POSITION_LIMIT)
  })

  it('rejects malformed keys from the wire', () => {
    for (const bad of ['', 'a', 'a00'.slice(0, 1), 'a0 ', 'a10', 'é0', 'a'.repeat(2000), 5, null]) {
      expect(isValidPositionKey(bad)).toBe(false)
    }
    expect(isValidPositionKey('a0')).toBe(true)
    expect(isValidPositionKey('b00')).toBe(true)
    expect(isValidPositionKey('a0V')).toBe(true)
  })
})

const POSITION_LIMIT = 1024

describe('runs of inserts at one place', () => {
  it('a key near either neighbour is valid and strictly between, for any neighbours', () => {
    const random = seeded(17)
    const keys = [positionBetween(null, null, random)]
    for (let i = 0; i < 20_000; i++) {
      const at = Math.floor(random() * (keys.length + 1))
      const before = keys[at - 1]
      const after = keys[at]
      const key =
        before !== undefined && after !== undefined
          ? positionNear(before, after, random() < 0.5 ? 'before' : 'after', random)
          : positionBetween(before ?? null, after ?? null, random)
      expect(isValidPositionKey(key), key).toBe(true)
      if (before !== undefined) expect(key > before, `${before} < ${key}`).toBe(true)
      if (after !== undefined) expect(key < after, `${key} < ${after}`).toBe(true)
      keys.splice(at, 0, key)
    }
  })

  it('5,000 blocks typed one after another in the middle stay far below the key limit', () => {
    for (const side of ['before', 'after'] as const) {
      const random = seeded(23)
      let low = 'a0'
      let high = 'a1'
      for (let i = 0; i < 5_000; i++) {
        const key = positionNear(low, high, side, random)
        if (side === 'before') low = key
        else high = key
      }
      expect((side === 'before' ? low : high).length).toBeLessThan(POSITION_MAX_LENGTH / 8)
    }
  })

  it('a bulk insert of 5,000 keys is ordered and short', () => {
    const keys = positionsBetween('a0', 'a1', 5_000, seeded(29))
    expect([...keys].sort()).toEqual(keys)
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThan(POSITION_MAX_LENGTH / 8)
  })
})
