/**
 * The cursor canvas in real Chromium: the real `createCursorCanvas` over real text, fed by a
 * stand-in room of nanostores atoms (cursor-fixture/fixture.ts), checked by reading the
 * canvas's pixels.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../../../test-support/chromium.js'
import type { OtherCursor } from '../../src/room/types.js'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))
const ARTIFACTS = here('./artifacts/')

let browser: Browser
let fixtureCode: string
beforeAll(async () => {
  const bundle = await build({
    entryPoints: [here('./cursor-fixture/fixture.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'error',
  })
  fixtureCode = bundle.outputFiles[0]!.text
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

const openPage = async (deviceScaleFactor = 1): Promise<Page> => {
  const context = await browser.newContext({
    viewport: { width: 800, height: 520 },
    deviceScaleFactor,
  })
  const page = await context.newPage()
  await page.setContent('<!doctype html><html><body></body></html>')
  await page.addScriptTag({ content: fixtureCode })
  await page.evaluate(async () => {
    await window.cursorFixture.mount()
    await window.cursorFixture.frames(2)
  })
  return page
}

const COLORS = ['#e5484d', '#46a758', '#0090ff', '#8e4ec6', '#d6409f', '#f76b15']
const rgba = (color: string): number[] => [
  Number.parseInt(color.slice(1, 3), 16),
  Number.parseInt(color.slice(3, 5), 16),
  Number.parseInt(color.slice(5, 7), 16),
  255,
]
const TRANSPARENT = [0, 0, 0, 0]

/** Sets the stand-in room's others: one per cursor, coloured in turn. */
const setOthers = (page: Page, cursors: readonly OtherCursor[]): Promise<void> =>
  page.evaluate(
    ({ cursors, colors }) => {
      window.cursorFixture.others.set(
        cursors.map((cursor, i) => ({
          session: `s${i}`,
          user: {
            id: `u${i}`,
            name: `User ${i}`,
            color: colors[i % colors.length]!,
            kind: 'human',
          },
          presence: {},
          cursor,
        })),
      )
    },
    { cursors, colors: COLORS },
  )

/** The canvas's pixels across a caret's bar: one column left of it, its columns, one right. */
const barPixels = (page: Page, block: string, index: number): Promise<number[][]> =>
  page.evaluate(
    ({ block, index }) => {
      const { x, y } = window.cursorFixture.caretPixel(block, index)
      const columns = 2 * devicePixelRatio
      return Array.from({ length: columns + 2 }, (_, i) => window.cursorFixture.pixel(x - 1 + i, y))
    },
    { block, index },
  )

const frames = (page: Page, count = 3): Promise<number> =>
  page.evaluate(async (count) => {
    await window.cursorFixture.frames(count)
    return window.cursorFixture.overlay.stats.frames
  }, count)

describe('cursor canvas in Chromium', () => {
  it("draws each caret at its text position as a 2 px bar in its user's colour", async () => {
    const page = await openPage()
    await setOthers(page, [
      { block: 'b0', index: 6 },
      { block: 'b1', index: 20 },
      { block: 'b3', index: 0 },
    ])
    await frames(page)
    expect(await barPixels(page, 'b0', 6)).toEqual([
      TRANSPARENT,
      rgba(COLORS[0]!),
      rgba(COLORS[0]!),
      TRANSPARENT,
    ])
    expect(await barPixels(page, 'b1', 20)).toEqual([
      TRANSPARENT,
      rgba(COLORS[1]!),
      rgba(COLORS[1]!),
      TRANSPARENT,
    ])
    expect(await barPixels(page, 'b3', 0)).toEqual([
      TRANSPARENT,
      rgba(COLORS[2]!),
      rgba(COLORS[2]!),
      TRANSPARENT,
    ])
    await page.context().close()
  })

  it('at device pixel ratio 2 has twice the pixels and keeps bars on whole device pixels', async () => {
    const page = await openPage(2)
    await setOthers(page, [{ block: 'b2', index: 13 }])
    await frames(page)
    const size = await page.evaluate(() => {
      const canvas = window.cursorFixture.overlay.canvas
      const container = window.cursorFixture.container()
      return [canvas.width, canvas.height, container.clientWidth, container.clientHeight]
    })
    expect(size).toEqual([size[2]! * 2, size[3]! * 2, expect.any(Number), 400])
    const color = rgba(COLORS[0]!)
    expect(await barPixels(page, 'b2', 13)).toEqual([
      TRANSPARENT,
      color,
      color,
      color,
      color,
      TRANSPARENT,
    ])
    await page.context().close()
  })

  it('shows 11 carets in one block as one "N users" badge with their colours', async () => {
    const page = await openPage()
    const crowd = Array.from({ length: 11 }, (_, i) => ({ block: 'b2', index: 3 * i }))
    await setOthers(page, [...crowd, { block: 'b0', index: 4 }])
    await frames(page)
    const seen = await page.evaluate(() => {
      const f = window.cursorFixture
      const block = f.blockRect('b2')!
      const canvas = f.overlay.canvas.getBoundingClientRect()
      const x = Math.round(block.left - canvas.left)
      const top = Math.round(block.top - canvas.top) - 16 // the badge sits above the block
      return {
        marks: f.overlay.stats.marks,
        background: f.pixel(x + 1, top + 1),
        firstDot: f.pixel(x + 7, top + 8),
        crowdedCaret: f.pixel(f.caretPixel('b2', 9).x, f.caretPixel('b2', 9).y),
        loneCaret: f.pixel(f.caretPixel('b0', 4).x, f.caretPixel('b0', 4).y),
      }
    })
    expect(seen).toEqual({
      marks: 2, // the lone caret and one badge
      background: rgba('#24292f'),
      firstDot: rgba(COLORS[0]!),
      crowdedCaret: TRANSPARENT,
      loneCaret: rgba(COLORS[5]!),
    })
    await page.context().close()
  })

  it('redraws once per change, coalesced into one frame, and not at all when nothing changed', async () => {
    const page = await openPage()
    const settled = await frames(page)
    expect(await frames(page, 10)).toBe(settled)

    // three store updates in one task: one frame
    await page.evaluate(() => {
      const f = window.cursorFixture
      f.others.set([])
      f.clusters.set([{ block: 'b1', count: 30, colors: ['#e5484d'] }])
      f.clusters.set([{ block: 'b1', count: 31, colors: ['#e5484d'] }])
    })
    expect(await frames(page)).toBe(settled + 1)
    // the container scrolls: one frame, and the badge moved with its block
    const moved = await page.evaluate(async () => {
      const f = window.cursorFixture
      f.container().scrollTop = 40
      await f.frames(3)
      const block = f.blockRect('b1')!
      const canvas = f.overlay.canvas.getBoundingClientRect()
      return f.pixel(
        Math.round(block.left - canvas.left) + 1,
        Math.round(block.top - canvas.top) - 15,
      )
    })
    expect(moved).toEqual(rgba('#24292f'))
    expect(await frames(page)).toBe(settled + 2)
    // the container is resized: one frame
    await page.evaluate(() => {
      window.cursorFixture.container().style.width = '500px'
    })
    expect(await frames(page)).toBe(settled + 3)
    expect(await frames(page, 10)).toBe(settled + 3)
    await page.context().close()
  })

  it('destroy removes the canvas and every listener', async () => {
    const page = await openPage()
    const after = await page.evaluate(async () => {
      const f = window.cursorFixture
      const framesBefore = f.overlay.stats.frames
      f.overlay.destroy()
      f.others.set([])
      f.container().scrollTop = 30
      f.container().style.width = '400px'
      await f.frames(5)
      return {
        canvases: document.querySelectorAll('canvas').length,
        storeListeners: f.others.lc + f.clusters.lc,
        newFrames: f.overlay.stats.frames - framesBefore,
        position: f.container().style.position,
      }
    })
    expect(after).toEqual({ canvases: 0, storeListeners: 0, newFrames: 0, position: '' })
    await page.context().close()
  })

  it('destroyed before its code has loaded, it never shows up', async () => {
    const page = await openPage()
    const after = await page.evaluate(async () => {
      const f = window.cursorFixture
      f.overlay.destroy()
      const early = f.createOverlay()
      early.destroy() // before its dynamic import resolved
      await early.ready
      f.others.set([])
      await f.frames(3)
      return { canvases: document.querySelectorAll('canvas').length, frames: early.stats.frames }
    })
    expect(after).toEqual({ canvases: 0, frames: 0 })
    await page.context().close()
  })

  it('renders carets, labels, a selection and a badge (screenshot)', async () => {
    const page = await openPage(2)
    await setOthers(page, [
      { block: 'b0', index: 10 },
      { block: 'b1', index: 30, head: 12 },
      { block: 'b3', index: 50 },
      { block: 'b4', index: 5, head: 100 }, // over two lines
    ])
    await page.evaluate(() =>
      window.cursorFixture.clusters.set([
        { block: 'b5', count: 27, colors: ['#e5484d', '#46a758', '#0090ff', '#d6a100'] },
      ]),
    )
    expect(await frames(page)).toBeGreaterThan(0)
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: `${ARTIFACTS}cursor-canvas.png` })
    // 4 carets, 1 + 3 selection bands, 1 badge
    expect(await page.evaluate(() => window.cursorFixture.overlay.stats.marks)).toBe(9)
    await page.context().close()
  })
})
