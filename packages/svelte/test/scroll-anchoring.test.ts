import { describe, expect, it } from 'vitest'
import { layoutBlocks, scrollAnchor } from '../src/block-layout.js'
import { ScrollAnchoring } from '../src/scroll-anchoring.js'

const ids = ['a', 'b', 'c', 'd', 'e']
const positions = (list: readonly string[]) => new Map(list.map((id, i) => [id, i]))

describe('scrollAnchor', () => {
  const offsets = layoutBlocks(ids, new Map(), 100) // a 0, b 100, c 200, d 300, e 400

  it('holds the first block on screen whose height is known', () => {
    expect(scrollAnchor(ids, offsets, 150, 200, (id) => id === 'c' || id === 'd')).toEqual({
      id: 'c',
      delta: -50,
    })
  })

  it('holds the block at the top when no height on screen is known', () => {
    expect(scrollAnchor(ids, offsets, 150, 200, () => false)).toEqual({ id: 'b', delta: 50 })
  })
})

describe('ScrollAnchoring', () => {
  it('puts the held block back where it was after blocks above it change height', () => {
    const measured = new Map<string, number>()
    const anchoring = new ScrollAnchoring((id) => measured.has(id))
    anchoring.settle({ ids, offsets: layoutBlocks(ids, measured, 100) }, positions(ids))
    anchoring.hold(310, 100) // d, 10 px scrolled past

    anchoring.change()
    measured.set('a', 160)
    const target = anchoring.settle(
      { ids, offsets: layoutBlocks(ids, measured, 100) },
      positions(ids),
    )

    expect(target).toBe(370)
  })

  it('puts the held block back after blocks are inserted above it', () => {
    const anchoring = new ScrollAnchoring(() => true)
    anchoring.settle({ ids, offsets: layoutBlocks(ids, new Map(), 100) }, positions(ids))
    anchoring.hold(205, 100) // c
    const longer = ['x', 'y', ...ids]

    anchoring.change()
    const target = anchoring.settle(
      { ids: longer, offsets: layoutBlocks(longer, new Map(), 100) },
      positions(longer),
    )

    expect(target).toBe(405)
  })

  it('takes no anchor while a change is under way, against a layout not yet on screen', () => {
    const anchoring = new ScrollAnchoring(() => true)
    anchoring.settle({ ids, offsets: layoutBlocks(ids, new Map(), 100) }, positions(ids))
    anchoring.hold(100, 100) // b
    anchoring.change()
    anchoring.hold(400, 100) // ignored: the screen still shows the old layout

    expect(
      anchoring.settle({ ids, offsets: layoutBlocks(ids, new Map(), 100) }, positions(ids)),
    ).toBe(100)
  })

  it('holds nothing once the held block left the list', () => {
    const anchoring = new ScrollAnchoring(() => true)
    anchoring.settle({ ids, offsets: layoutBlocks(ids, new Map(), 100) }, positions(ids))
    anchoring.hold(200, 100) // c
    const without = ids.filter((id) => id !== 'c')
    anchoring.change()
    expect(
      anchoring.settle(
        { ids: without, offsets: layoutBlocks(without, new Map(), 100) },
        positions(without),
      ),
    ).toBeUndefined()
  })
})
