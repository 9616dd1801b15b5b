import type { CaretPlace, Client, Room } from '@markdownsync/sdk'
import { render } from '@testing-library/svelte'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import OverlayHarness from './fixtures/OverlayHarness.svelte'
import { browserClient, freshDocument } from './support/rooms.js'
import { eventually } from './support/wait.js'

let client: Client
let room: Room
beforeEach(async () => {
  client = browserClient()
  room = client.enterRoom(freshDocument('cursors'))
  await room.ready()
})
afterEach(() => client.destroy())

const containerElement = (): HTMLElement =>
  document.querySelector<HTMLElement>('[data-testid="container"]') as HTMLElement

/** The overlay's canvas, once the container is bound (Svelte binds elements after mounting). */
const canvasIn = (container: HTMLElement): Promise<HTMLCanvasElement> =>
  eventually(() => {
    const canvas = container.querySelector('canvas')
    expect(canvas).not.toBeNull()
    return canvas as HTMLCanvasElement
  })

/** The summed alpha of the canvas's pixels in a box given in CSS pixels from its corner. */
const inkIn = (canvas: HTMLCanvasElement, x: number, y: number, width: number, height: number) => {
  const ratio = canvas.width / canvas.getBoundingClientRect().width
  const pixels = canvas
    .getContext('2d')
    ?.getImageData(x * ratio, y * ratio, width * ratio, height * ratio).data
  let ink = 0
  for (let i = 3; i < (pixels?.length ?? 0); i += 4) ink += pixels?.[i] ?? 0
  return ink
}

describe('CursorOverlay', () => {
  it('puts a canvas over the container, and removes it when destroyed', async () => {
    const { rerender } = render(OverlayHarness, { room, caretRect: () => null })
    const container = containerElement()
    const canvas = await canvasIn(container)
    const box = container.getBoundingClientRect()
    await eventually(() => {
      const covered = canvas.getBoundingClientRect()
      expect(covered.left).toBeCloseTo(box.left + container.clientLeft, 0)
      expect(covered.top).toBeCloseTo(box.top + container.clientTop, 0)
      expect(covered.width).toBeCloseTo(container.clientWidth, 0)
      expect(covered.height).toBeCloseTo(container.clientHeight, 0)
    })

    await rerender({ show: false })

    expect(container.querySelector('canvas')).toBeNull()
    expect(container.style.position).toBe('')
  })

  it("draws another user's caret where caretRect puts it, and clears it when the caret leaves", async () => {
    const block = room.insertBlock({ text: 'Hello world' }) as string
    const asked: CaretPlace[] = []
    // a caret 40 px from the container's left edge and 30 px from its top
    const caretRect = (place: CaretPlace) => {
      asked.push(place)
      const box = containerElement().getBoundingClientRect()
      return { left: box.left + 40, top: box.top + 30, height: 20 }
    }
    const { component } = render(OverlayHarness, { room, caretRect })
    const canvas = await canvasIn(containerElement())
    expect(inkIn(canvas, 36, 32, 8, 16)).toBe(0)

    const other = browserClient()
    try {
      const bob = other.enterRoom(room.id, { initialPresence: { name: 'Bob' } })
      await bob.ready()
      bob.updatePresence({ cursor: { block, index: 3 } })

      await eventually(() => expect(inkIn(canvas, 36, 32, 8, 16)).toBeGreaterThan(0))
      expect(asked.at(-1)).toEqual({ block, index: 3 })
      expect(component.marks()).toBe(1)

      bob.updatePresence({ cursor: null })
      await eventually(() => expect(inkIn(canvas, 36, 32, 8, 16)).toBe(0))
    } finally {
      other.destroy()
    }
  })
})
