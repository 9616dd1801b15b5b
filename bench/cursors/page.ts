/**
 * The benchmark's page (bundled with esbuild, run in Chromium): 200 one-line blocks laid out in
 * four columns, 1,000 other users' carets spread over them (5 a block, under the cluster
 * threshold, so every caret is drawn), and a frame loop that moves every caret each frame and
 * times one overlay: our cursor canvas or the DOM peer.
 */
import { createCursorCanvas, type Other } from '@markdownsync/sdk'
import { atom } from 'nanostores'
import { createDomCursors } from './dom-cursors.js'
import { createCachedCaret, createTextCaret } from './text-caret.js'

export interface PageSettings {
  readonly blocks: number
  readonly cursors: number
}

export interface FrameTimes {
  /** Per frame: from the overlay's update to the end of a forced style and layout, in ms. */
  readonly work: number[]
  /** Per frame: between two animation frames' timestamps (the whole frame, paint included). */
  readonly intervals: number[]
  /** Per frame, canvas only: the overlay's own measure of its draw (`stats.lastFrameMs`). */
  readonly draw: number[]
  /** Carets the overlay showed in the last frame (canvas: marks; DOM: visible elements). */
  shown: number
}

export interface RunSettings extends PageSettings {
  readonly overlay: 'canvas' | 'dom'
  /** Carets measured with a Range on every call, or looked up in a table measured once. */
  readonly positions: 'range' | 'cached'
  readonly frames: number
  readonly warmup: number
  /** Leave the overlay on the page (for a screenshot). */
  readonly keep?: boolean
}

const COLORS = [
  '#e5484d',
  '#f76b15',
  '#d6a100',
  '#46a758',
  '#12a594',
  '#0090ff',
  '#3e63dd',
  '#8e4ec6',
  '#d6409f',
  '#ad7f58',
  '#5b8c00',
  '#00a2c7',
]
const WORDS = 'the quick brown fox jumps over a lazy dog while ten slow cats watch'.split(' ')

const setUp = (settings: PageSettings) => {
  document.body.style.margin = '0'
  const container = document.createElement('div')
  container.style.cssText =
    'margin:8px;height:calc(100vh - 16px);overflow:auto;display:grid;grid-template-columns:repeat(4,1fr);column-gap:24px;align-content:start;font:13px/18px sans-serif'
  document.body.append(container)
  const blocks = new Map<string, HTMLElement>()
  for (let i = 0; i < settings.blocks; i++) {
    const p = document.createElement('p')
    p.dataset.blockId = `b${i}`
    p.style.cssText = 'margin:0 0 0;white-space:nowrap;overflow:hidden'
    p.textContent = Array.from({ length: 8 }, (_, w) => WORDS[(i + w * 3) % WORDS.length]).join(' ')
    container.append(p)
    blocks.set(`b${i}`, p)
  }
  const users = Array.from({ length: settings.cursors }, (_, i) => ({
    session: `s${i}`,
    user: {
      id: `u${i}`,
      name: `User ${i + 1}`,
      color: COLORS[i % COLORS.length]!,
      kind: 'human' as const,
    },
    presence: {},
    block: `b${i % settings.blocks}`,
    length: blocks.get(`b${i % settings.blocks}`)!.textContent!.length,
  }))
  /** Every caret one character further than in the previous frame (wrapping at the end). */
  const othersAt = (frame: number): Other[] =>
    users.map(({ block, length, ...other }, i) => ({
      ...other,
      cursor: { block, index: (i * 7 + frame) % (length + 1) },
    }))
  return { container, blocks, othersAt }
}

/** Runs `frames` animation frames with one overlay; the first `warmup` are not kept. */
const run = async (settings: RunSettings): Promise<FrameTimes> => {
  document.body.replaceChildren()
  const { container, blocks, othersAt } = setUp(settings)
  // where the container's content starts on screen, read once a frame (before any write)
  const contentOrigin = () => {
    const box = container.getBoundingClientRect()
    return {
      left: box.left + container.clientLeft - container.scrollLeft,
      top: box.top + container.clientTop - container.scrollTop,
    }
  }
  let origin = contentOrigin()
  const caretRect =
    settings.positions === 'range'
      ? createTextCaret(blocks)
      : createCachedCaret(blocks, () => origin)
  const $others = atom<readonly Other[]>([])
  const canvas =
    settings.overlay === 'canvas'
      ? createCursorCanvas({ $others, $clusters: atom([]) }, { container, caretRect })
      : undefined
  await canvas?.ready // its code loads with a dynamic import (inlined in this bundle)
  const dom = settings.overlay === 'dom' ? createDomCursors(container, caretRect) : undefined
  const times: FrameTimes = { work: [], intervals: [], draw: [], shown: 0 }
  await new Promise<void>((resolve) => {
    let frame = 0
    let last = 0
    const tick = (now: number): void => {
      const keep = frame > settings.warmup
      if (keep) times.intervals.push(now - last)
      last = now
      const others = othersAt(frame) // the room's work, not the overlay's: not timed
      const started = performance.now()
      origin = contentOrigin()
      if (canvas !== undefined) {
        $others.set(others)
        canvas.redraw() // draws now (and drops the frame the store change asked for)
      } else dom?.update(others)
      void container.offsetHeight // forces style and layout, so the peer pays for its own
      if (keep) {
        times.work.push(performance.now() - started)
        if (canvas !== undefined) times.draw.push(canvas.stats.lastFrameMs)
      }
      if (++frame <= settings.warmup + settings.frames) requestAnimationFrame(tick)
      else resolve()
    }
    requestAnimationFrame(tick)
  })
  const visibleDomCursors = (): number =>
    [...container.querySelectorAll<HTMLElement>('[data-cursor]')].filter(
      (element) => element.style.display !== 'none',
    ).length
  times.shown = canvas?.stats.marks ?? (dom === undefined ? 0 : visibleDomCursors())
  if (!settings.keep) {
    canvas?.destroy()
    dom?.destroy()
  }
  return times
}

declare global {
  interface Window {
    cursorBench: { run: typeof run }
  }
}
window.cursorBench = { run }
