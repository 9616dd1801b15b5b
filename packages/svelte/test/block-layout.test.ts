import { describe, expect, it } from 'vitest'
import { createPrng, int, seedFromEnv } from '../../../test-support/prng.js'
import { layoutBlocks, visibleRange } from '../src/block-layout.js'

const ids = (count: number): string[] => Array.from({ length: count }, (_, i) => `b${i}`)

describe('layoutBlocks', () => {
  it('places measured blocks at their height and the others at the estimate', () => {
    const offsets = layoutBlocks(['a', 'b', 'c'], new Map([['b', 100]]), 20)
    expect([...offsets]).toEqual([0, 20, 120, 140])
  })

  it('lays out an empty list as height 0', () => {
    expect([...layoutBlocks([], new Map(), 20)]).toEqual([0])
  })
})

describe('visibleRange', () => {
  const offsets = layoutBlocks(ids(100), new Map(), 10) // block i spans [10i, 10i + 10)

  it('shows the blocks any part of which is in the window, plus overscan on each side', () => {
    expect(visibleRange(offsets, 105, 50, 3)).toEqual({
      firstVisible: 10,
      endVisible: 16,
      start: 7,
      end: 19,
    })
  })

  it('clamps the overscan to the list', () => {
    expect(visibleRange(offsets, 0, 30, 5)).toEqual({
      firstVisible: 0,
      endVisible: 3,
      start: 0,
      end: 8,
    })
    expect(visibleRange(offsets, 980, 100, 5)).toMatchObject({ endVisible: 100, end: 100 })
  })

  it('shows the block at the top even in a window of height 0, and nothing of an empty list', () => {
    expect(visibleRange(offsets, 55, 0, 0)).toEqual({
      firstVisible: 5,
      endVisible: 6,
      start: 5,
      end: 6,
    })
    expect(visibleRange(layoutBlocks([], new Map(), 10), 0, 500, 5)).toEqual({
      firstVisible: 0,
      endVisible: 0,
      start: 0,
      end: 0,
    })
  })

  it('agrees with a linear scan on random heights and windows', () => {
    const seed = seedFromEnv(20_251_130)
    console.log(`block layout seed ${seed} (replay: SEED=${seed})`)
    const random = createPrng(seed)
    for (let round = 0; round < 200; round++) {
      const list = ids(int(random, 1, 60))
      const measured = new Map(
        list.filter(() => random.next() < 0.7).map((id) => [id, int(random, 0, 80)]),
      )
      const layout = layoutBlocks(list, measured, 25)
      const total = layout[list.length] as number
      const top = int(random, 0, Math.ceil(total))
      const height = int(random, 0, 300)
      const starts = Array.from({ length: list.length }, (_, i) => layout[i] as number)
      const range = visibleRange(layout, top, height, 0)
      // the same answer by a linear scan: the last block starting at or above the top edge,
      // to the last one starting above the bottom edge
      const first = Math.max(starts.filter((start) => start <= top).length - 1, 0)
      const end = Math.max(first + 1, starts.filter((start) => start < top + height).length)
      expect([range.firstVisible, range.endVisible], `round ${round}`).toEqual([first, end])
      // and what it means: every block with a part in the window is shown
      list.forEach((_, i) => {
        const meets = starts[i]! < top + height && (layout[i + 1] as number) > top
        if (meets) expect(i >= first && i < end, `round ${round}, block ${i}`).toBe(true)
      })
    }
  })
})
