/**
 * The page of the cursor canvas's browser test, bundled with esbuild: a scrollable container of
 * paragraphs, the real `createCursorCanvas` over it, and a stand-in room made of two nanostores
 * atoms shaped like `Room`'s `$others` and `$clusters`. Carets are measured in the real text
 * with a collapsed Range, as an app does.
 */
import type { CursorCluster } from '@markdownsync/core'
import { atom } from 'nanostores'
import {
  type CaretPlace,
  type CursorCanvas,
  createCursorCanvas,
  type RectLike,
} from '../../../src/cursors/index.js'
import type { Other } from '../../../src/room/types.js'

export const BLOCKS = 14

const blockElement = (block: string): HTMLElement | null =>
  document.querySelector(`[data-block-id="${block}"]`)

/** The caret at a UTF-16 offset of a block's text (a single text node here). */
const caretRect = ({ block, index }: CaretPlace): RectLike | null => {
  const text = blockElement(block)?.firstChild
  if (!text) return null
  const range = document.createRange()
  const offset = Math.min(index, text.textContent?.length ?? 0)
  range.setStart(text, offset)
  range.setEnd(text, offset)
  return range.getBoundingClientRect()
}
const blockRect = (block: string): RectLike | null =>
  blockElement(block)?.getBoundingClientRect() ?? null

const others = atom<readonly Other[]>([])
const clusters = atom<readonly CursorCluster[]>([])
let overlay: CursorCanvas | undefined

const fixture = {
  others,
  clusters,
  get overlay(): CursorCanvas {
    if (overlay === undefined) throw new Error('mount first')
    return overlay
  },
  container: (): HTMLElement => document.getElementById('doc')!,
  /** Builds the page and the overlay, and resolves once the overlay has loaded. */
  async mount(): Promise<void> {
    document.body.style.margin = '0'
    document.body.innerHTML = `<div id="doc" style="margin:24px 32px;width:640px;height:360px;overflow:auto;padding:20px;font:16px/24px sans-serif;background:#fff"></div>`
    const container = fixture.container()
    for (let i = 0; i < BLOCKS; i++) {
      const p = document.createElement('p')
      p.dataset.blockId = `b${i}`
      p.style.margin = '0 0 20px'
      p.textContent = `Block ${i}: the quick brown fox jumps over the lazy dog, again and again. Then it rests a while in the shade, and the dog does not mind.`
      container.append(p)
    }
    overlay = fixture.createOverlay()
    await overlay.ready
  },
  /** A new overlay over the container (not awaited). */
  createOverlay: (): CursorCanvas =>
    createCursorCanvas(
      { $others: others, $clusters: clusters },
      { container: fixture.container(), caretRect, blockRect },
    ),
  caretRect,
  blockRect,
  /** Where a caret's bar is on the canvas, in device pixels: its left column and middle row. */
  caretPixel(block: string, index: number): { x: number; y: number } {
    const at = caretRect({ block, index })!
    const canvas = fixture.overlay.canvas.getBoundingClientRect()
    const ratio = devicePixelRatio
    return {
      x: Math.round((at.left - canvas.left) * ratio) - ratio,
      y: Math.round((at.top + at.height / 2 - canvas.top) * ratio),
    }
  },
  /** RGBA of one device pixel of the canvas. */
  pixel(x: number, y: number): number[] {
    const context = fixture.overlay.canvas.getContext('2d')!
    return [...context.getImageData(x, y, 1, 1).data]
  },
  /** Resolves after `count` animation frames. */
  frames: (count: number): Promise<void> =>
    new Promise((resolve) => {
      let left = count
      const tick = (): void => {
        if (--left <= 0) resolve()
        else requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    }),
}

export type CursorFixture = typeof fixture

declare global {
  interface Window {
    cursorFixture: CursorFixture
  }
}

window.cursorFixture = fixture
