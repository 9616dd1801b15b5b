import type { Client, Room } from '@markdownsync/sdk'
import { render } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ListHarness from './fixtures/ListHarness.svelte'
import { LONG_DOCUMENT, LONG_DOCUMENT_BLOCKS } from './support/documents.js'
import {
  expectScreenfulPlusOverscan,
  listElement,
  listOnlyRoom,
  onScreenIndices,
  renderedIds,
  renderedIndices,
  topOfBlock,
} from './support/list.js'
import { browserClient } from './support/rooms.js'
import { eventually } from './support/wait.js'

const COUNT = 10_000
const OVERSCAN = 3
/** Heights from 20 to 56 px by block (`block-N`), against an estimate of 30; 30 for others. */
const varied = (id: string): number => {
  const number = /^block-(\d+)$/.exec(id)?.[1]
  return number === undefined ? 30 : 20 + (Number(number) % 7) * 6
}

const showList = (
  room: Room,
  props: Partial<{ itemHeight: (id: string, index: number) => number; showText: boolean }> = {},
) => render(ListHarness, { room, itemHeight: varied, overscan: OVERSCAN, ...props })

describe('BlockList over 10,000 blocks', () => {
  it('renders only the blocks on screen plus the overscan', async () => {
    const { room } = listOnlyRoom(COUNT)
    const started = performance.now()
    showList(room)
    const list = listElement()
    await eventually(() => expectScreenfulPlusOverscan(list, COUNT, OVERSCAN))
    const settled = performance.now() - started
    console.log(`BlockList, ${COUNT} blocks: mounted and settled in ${settled.toFixed(1)} ms`)
    expect(renderedIndices(list)[0]).toBe(0)
    expect(renderedIndices(list).length).toBeLessThan(400 / 20 + 2 * OVERSCAN + 2)
  })

  it('reports the blocks it renders as the viewport', async () => {
    const { room, viewports } = listOnlyRoom(COUNT)
    showList(room)
    const list = listElement()
    await eventually(() => expectScreenfulPlusOverscan(list, COUNT, OVERSCAN))
    await eventually(() => expect(viewports.at(-1)).toEqual(renderedIds(list)))

    list.scrollTop = 50_000
    await eventually(() => expect(Math.min(...renderedIndices(list))).toBeGreaterThan(1000))
    await eventually(() => expect(viewports.at(-1)).toEqual(renderedIds(list)))
  })

  it('renders the blocks scrolled to, and only those, all the way down', async () => {
    const { room } = listOnlyRoom(COUNT)
    showList(room)
    const list = listElement()
    await eventually(() => expectScreenfulPlusOverscan(list, COUNT, OVERSCAN))

    const positions = 100
    let mostRendered = 0
    const started = performance.now()
    for (let step = 1; step <= positions; step++) {
      list.scrollTop = (list.scrollHeight - list.clientHeight) * (step / positions)
      await eventually(() => expectScreenfulPlusOverscan(list, COUNT, OVERSCAN))
      mostRendered = Math.max(mostRendered, renderedIndices(list).length)
    }
    const perStep = (performance.now() - started) / positions
    // the heights measured on the way made the list longer than estimated: on to its end
    for (let more = 0; list.scrollTop + list.clientHeight < list.scrollHeight - 1; more++) {
      expect(more, 'reaching the end').toBeLessThan(20)
      list.scrollTop = list.scrollHeight
      await eventually(() => expectScreenfulPlusOverscan(list, COUNT, OVERSCAN))
    }
    console.log(
      `BlockList, ${COUNT} blocks: ${positions} jumps through the list, ${perStep.toFixed(1)} ms from scroll to settled on average, at most ${mostRendered} blocks rendered`,
    )
    expect(onScreenIndices(list)).toContain(COUNT - 1)
  })

  it('keeps what is on screen in place when blocks scrolled into view above it are measured', async () => {
    const { room } = listOnlyRoom(COUNT)
    const { component } = showList(room)
    const list = listElement()
    component.scrollToIndex(6000)
    await eventually(() => expect(Math.abs(topOfBlock(list, 'block-6000') ?? 99)).toBeLessThan(1))

    // scroll up into blocks laid out by the estimate: their real heights differ from it
    list.scrollTop -= 200
    await eventually(() => expectScreenfulPlusOverscan(list, COUNT, OVERSCAN))
    expect(topOfBlock(list, 'block-6000')).toBeCloseTo(200, 0)
  })

  it('keeps what is on screen in place when blocks are inserted above it', async () => {
    const { room, children } = listOnlyRoom(COUNT)
    const { component } = showList(room)
    const list = listElement()
    expect(component.scrollToBlock('block-5000')).toBe(true)
    await eventually(() => expect(Math.abs(topOfBlock(list, 'block-5000') ?? 99)).toBeLessThan(1))
    list.scrollTop += 10 // the block at the top, partly scrolled past
    await eventually(() => expect(topOfBlock(list, 'block-5000')).toBeCloseTo(-10, 0))

    const inserted = Array.from({ length: 100 }, (_, i) => `inserted-${i}`)
    children.set([...inserted, ...children.get()])

    await eventually(() => {
      const block = list.querySelector<HTMLElement>('[data-block-id="block-5000"]')
      expect(block?.dataset.index).toBe('5100')
      expect(topOfBlock(list, 'block-5000')).toBeCloseTo(-10, 0)
    })
    expect(component.scrollToBlock('no-such-block')).toBe(false)
  })
})

describe('BlockList in a real room', () => {
  let client: Client | undefined
  afterEach(() => client?.destroy())

  it(`reports the blocks it renders as the room's viewport, so their content arrives (${LONG_DOCUMENT_BLOCKS} paragraphs)`, async () => {
    client = browserClient()
    // the room starts seeing nothing: content arrives only for what the list reports
    const room = client.enterRoom(LONG_DOCUMENT, { viewport: [] })
    await room.ready()
    const ids = await eventually(() => {
      const list = room.children('root').get()
      expect(list).toHaveLength(LONG_DOCUMENT_BLOCKS)
      return list
    })
    expect(room.block(ids[1500] as string).get()?.text ?? []).toEqual([])
    const setViewport = vi.spyOn(room, 'setViewport')

    const { component } = showList(room, { itemHeight: () => 24, showText: true })
    const list = listElement()
    const showsItsText = (): void => {
      for (const item of list.querySelectorAll<HTMLElement>('[data-index]'))
        expect(item.querySelector('[data-testid="text"]')?.textContent).toBe(
          `Block ${item.dataset.index}`,
        )
    }
    await eventually(() => expectScreenfulPlusOverscan(list, LONG_DOCUMENT_BLOCKS, OVERSCAN))
    await eventually(showsItsText)
    expect(setViewport).toHaveBeenLastCalledWith(renderedIds(list))

    component.scrollToIndex(1500)
    await eventually(() => expect(renderedIndices(list)).toContain(1500))
    await eventually(showsItsText)
    expect(setViewport).toHaveBeenLastCalledWith(renderedIds(list))
  })
})
