/** Reading a rendered BlockList the way a user sees it: which blocks are there, and where. */
import type { Room } from '@markdownsync/sdk'
import { atom, type WritableAtom } from 'nanostores'
import { expect } from 'vitest'

export const listElement = (): HTMLElement => {
  const list = document.querySelector<HTMLElement>('[data-testid="list"]')
  if (list === null) throw new Error('no BlockList on the page')
  return list
}

const blockElements = (list: HTMLElement): HTMLElement[] => [
  ...list.querySelectorAll<HTMLElement>('[data-block-id]'),
]

/** The indices of the blocks in the DOM, in DOM order. */
export const renderedIndices = (list: HTMLElement): number[] =>
  blockElements(list).map((element) => Number(element.dataset.index))

export const renderedIds = (list: HTMLElement): string[] =>
  blockElements(list).map((element) => element.dataset.blockId as string)

/** The indices of the blocks with a part inside the list's visible box. */
export const onScreenIndices = (list: HTMLElement): number[] => {
  const box = list.getBoundingClientRect()
  const top = box.top + list.clientTop
  const bottom = top + list.clientHeight
  return blockElements(list)
    .filter((element) => {
      const rect = element.getBoundingClientRect()
      return rect.bottom > top && rect.top < bottom
    })
    .map((element) => Number(element.dataset.index))
}

/** Where block `id` is, from the top of the list's visible box (px); undefined if not rendered. */
export const topOfBlock = (list: HTMLElement, id: string): number | undefined => {
  const element = list.querySelector(`[data-block-id="${id}"]`)
  if (element === null) return undefined
  return element.getBoundingClientRect().top - list.getBoundingClientRect().top - list.clientTop
}

/** Asserts the list renders exactly the blocks on screen and `overscan` more on each side. */
export const expectScreenfulPlusOverscan = (
  list: HTMLElement,
  count: number,
  overscan: number,
): void => {
  const shown = onScreenIndices(list)
  expect(shown.length, 'blocks on screen').toBeGreaterThan(0)
  const from = Math.max(Math.min(...shown) - overscan, 0)
  const to = Math.min(Math.max(...shown) + overscan, count - 1)
  expect(renderedIndices(list)).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i))
}

/**
 * A room reduced to what a BlockList reads — a child list and the viewport it reports — for
 * the layout tests of 10,000 blocks (a real room cannot load that many yet).
 */
export const listOnlyRoom = (
  count: number,
): { room: Room; children: WritableAtom<readonly string[]>; viewports: string[][] } => {
  const children = atom<readonly string[]>(Array.from({ length: count }, (_, i) => `block-${i}`))
  const viewports: string[][] = []
  const room = {
    children: () => children,
    setViewport: (blocks: readonly string[]) => viewports.push([...blocks]),
  } as unknown as Room
  return { room, children, viewports }
}
