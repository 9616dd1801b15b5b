/**
 * The playground end to end: Debian's Chromium (playwright-core) with two browser contexts —
 * two users with their own identity and outbox — on one document, against the real server
 * behind the built app's `vite preview` proxy. Every scenario ends with both users showing the
 * same blocks and both rooms' Markdown equal to the server's export. Screenshots go to
 * test/e2e/artifacts/.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { chromiumAvailable, launchChromium } from '../../../../test-support/chromium.js'
import {
  blockWithText,
  canvasInk,
  caretIn,
  type Editor,
  isSaved,
  openEditor,
  ownColor,
  roomMarkdown,
  type SyncSwitch,
  screenshot,
  shownBlocks,
  storedOutbox,
  syncSwitch,
  waitUntilLoaded,
} from './support/pages.js'
import { createDocument, type Stack, serverMarkdown, startStack } from './support/stack.js'

const haveChromium = chromiumAvailable()
if (!haveChromium)
  console.warn('SKIPPED the playground browser suite: no Chromium (see test-support/chromium.ts)')

const SAMPLE = [
  '# Shared notes',
  '',
  'Alpha paragraph.',
  '',
  'Beta paragraph.',
  '',
  '- one',
  '- two',
  '- three',
  '',
  'Gamma paragraph.',
  '',
  '| Head one | Head two |',
  '| --- | --- |',
  '| Cell one | Cell two |',
  '',
].join('\n')

let stack: Stack
let browser: Browser
const opened: Editor[] = []
let docCount = 0

/** A new document from SAMPLE, open in two browser contexts; B's sync can be cut. */
const twoEditors = async (): Promise<{ doc: string; a: Page; b: Page; bSync: SyncSwitch }> => {
  const doc = `e2e-${++docCount}-${Date.now().toString(36)}`
  await createDocument(stack.app, doc, SAMPLE)
  let bSync: SyncSwitch | undefined
  const [a, b] = await Promise.all([
    openEditor(browser, stack.url, doc),
    openEditor(browser, stack.url, doc, async (context) => {
      bSync = await syncSwitch(context)
    }),
  ])
  opened.push(a, b)
  return { doc, a: a.page, b: b.page, bSync: bSync as SyncSwitch }
}

const contextOf = (page: Page) => page.context()

/**
 * Waits until both pages have everything saved and show the same blocks, and both rooms'
 * Markdown equals the server's export; returns that Markdown.
 */
const converged = async (doc: string, pages: readonly Page[]): Promise<string> => {
  let markdown = ''
  await vi.waitFor(
    async () => {
      for (const page of pages) expect(await isSaved(page), 'saved').toBe(true)
      markdown = await serverMarkdown(stack.app, doc)
      const [first, ...rest] = await Promise.all(pages.map(shownBlocks))
      for (const other of rest) expect(other).toEqual(first)
      for (const page of pages) expect(await roomMarkdown(page)).toBe(markdown)
    },
    { timeout: 30_000, interval: 200 },
  )
  return markdown
}

beforeAll(async () => {
  if (!haveChromium) return
  stack = await startStack('collaboration')
  browser = await launchChromium()
})

afterAll(async () => {
  for (const editor of opened) await editor.context.close().catch(() => undefined)
  await browser?.close()
  await stack?.close()
})

describe.skipIf(!haveChromium)('the playground in Chromium, two users on one document', () => {
  it('typing into the same block and into different blocks ends identical everywhere', async () => {
    const { doc, a, b } = await twoEditors()
    await caretIn(a, 'Alpha paragraph.', 'end')
    await caretIn(b, 'Alpha paragraph.', 'start')
    await Promise.all([
      a.keyboard.type(' Typed by A.', { delay: 15 }),
      b.keyboard.type('B was here: ', { delay: 15 }),
    ])
    await caretIn(a, 'Beta paragraph.')
    await caretIn(b, 'Gamma paragraph.')
    await Promise.all([
      a.keyboard.type(' More from A.', { delay: 15 }),
      b.keyboard.type(' More from B.', { delay: 15 }),
    ])

    const markdown = await converged(doc, [a, b])
    expect(markdown).toContain('B was here: Alpha paragraph. Typed by A.')
    expect(markdown).toContain('Beta paragraph. More from A.')
    expect(markdown).toContain('Gamma paragraph. More from B.')
    // the replicas live in the SDK's engine worker (the playground's default engine)
    for (const page of [a, b])
      expect(page.workers().map((worker) => new URL(worker.url()).pathname)).toEqual([
        expect.stringMatching(/engine\.worker/),
      ])
    await screenshot(a, 'typing-a')
    await screenshot(b, 'typing-b')
  })

  it('formatting, the block menu, task boxes, list nesting and table cells reach the other user and the server', async () => {
    const { doc, a, b } = await twoEditors()
    // bold the word "Alpha" (selection by keyboard, then Ctrl+B)
    await caretIn(a, 'Alpha paragraph.', 'start')
    for (let i = 0; i < 5; i++) await a.keyboard.press('Shift+ArrowRight')
    await a.keyboard.press('Control+b')
    // the block menu turns "Beta paragraph." into a heading
    const beta = a.locator('[data-block]', {
      has: a.locator('[data-text-block]', { hasText: /^Beta paragraph\.$/ }),
    })
    await beta.hover()
    await beta.locator('.handle').first().click()
    await a.getByRole('menuitem', { name: 'Heading 2' }).click()
    // "one" becomes a task, ticked; "two" nests under it with Tab
    const one = a.locator('[data-type="list_item"]', {
      has: a.locator('[data-text-block]', { hasText: /^one$/ }),
    })
    await one.hover()
    await one.locator('.handle').first().click()
    await a.getByRole('menuitem', { name: 'Task list' }).click()
    await one.locator('input[type="checkbox"]').first().check()
    await caretIn(a, 'two', 'start')
    await a.keyboard.press('Tab')
    // a cell of the table, edited by the other user
    await caretIn(b, 'Cell two', 'end')
    await b.keyboard.type(' (edited)')
    // the menu deletes "Gamma paragraph."
    const gamma = b.locator('[data-block]', {
      has: b.locator('[data-text-block]', { hasText: 'Gamma paragraph.' }),
    })
    await gamma.hover()
    await gamma.locator('.handle').first().click()
    await b.getByRole('menuitem', { name: 'Delete' }).click()

    const markdown = await converged(doc, [a, b])
    expect(markdown).toContain('**Alpha** paragraph.')
    expect(markdown).toContain('## Beta paragraph.')
    expect(markdown).toContain('- [x] one\n  - two\n')
    expect(markdown).toContain('| Cell one | Cell two (edited) |')
    expect(markdown).not.toContain('Gamma')
    await screenshot(b, 'commands-b')
  })

  it('splitting, merging and moving blocks (keys and drag) ends identical everywhere', async () => {
    const { doc, a, b } = await twoEditors()
    // A splits "Beta paragraph." after "Beta"
    await caretIn(a, 'Beta paragraph.', 'start')
    for (let i = 0; i < 4; i++) await a.keyboard.press('ArrowRight')
    await a.keyboard.press('Enter')
    await a.keyboard.type('Split off:')
    // B joins "Gamma paragraph." to the list item before it
    await caretIn(b, 'Gamma paragraph.', 'start')
    await b.keyboard.press('Backspace')
    await b.keyboard.type(' + ')
    // A moves "Alpha" down one place with the keyboard
    await caretIn(a, 'Alpha paragraph.')
    await a.keyboard.press('Alt+ArrowDown')
    await converged(doc, [a, b])

    // B drags the list item "one" below "two" by its handle
    const one = b.locator('[data-type="list_item"]', {
      has: b.locator('[data-text-block]', { hasText: /^one$/ }),
    })
    await one.hover()
    const two = b.locator('[data-type="list_item"]', {
      has: b.locator('[data-text-block]', { hasText: /^two$/ }),
    })
    const box = await two.boundingBox()
    if (box === null) throw new Error('the item "two" is not on screen')
    await one
      .locator('.handle')
      .first()
      .dragTo(two, { targetPosition: { x: box.width / 2, y: box.height - 4 } })

    const markdown = await converged(doc, [a, b])
    expect(markdown).toBe(
      [
        '# Shared notes',
        '',
        'Beta',
        '',
        'Alpha paragraph.',
        '',
        'Split off: paragraph.',
        '',
        '- two',
        '- one',
        '- three + Gamma paragraph.',
        '',
        '| Head one | Head two |',
        '| -------- | -------- |',
        '| Cell one | Cell two |',
        '',
      ].join('\n'),
    )
    await screenshot(b, 'structure-b')
  })

  it("the other user's caret appears on the canvas, in their colour, at their block", async () => {
    const { a, b } = await twoEditors()
    const colorOfA = await ownColor(a)
    expect(colorOfA).toMatch(/^#[0-9a-f]{6}$/i)
    expect((await canvasInk(b, colorOfA)).pixels).toBe(0)

    await caretIn(a, 'Beta paragraph.', 'end')
    const target = await blockWithText(b, 'Beta paragraph.').boundingBox()
    if (target === null) throw new Error('"Beta paragraph." is not on screen')
    await vi.waitFor(
      async () => {
        const ink = await canvasInk(b, colorOfA)
        expect(ink.pixels).toBeGreaterThan(20)
        // the caret bar sits on Beta's line, at the end of its text
        expect(ink.box?.top).toBeLessThan(target.y + target.height)
        expect(ink.box?.bottom).toBeGreaterThan(target.y)
      },
      { timeout: 15_000, interval: 200 },
    )
    await screenshot(b, 'caret-of-a-in-b')
  })

  it('edits made while offline arrive after reconnecting, and both sides converge', async () => {
    const { doc, a, b } = await twoEditors()
    await contextOf(b).setOffline(true)
    await vi.waitFor(
      async () =>
        expect(await b.locator('[data-testid="connection"]').getAttribute('data-status')).not.toBe(
          'connected',
        ),
      { timeout: 60_000, interval: 200 },
    )
    await caretIn(b, 'Gamma paragraph.')
    await b.keyboard.type(' Written offline.', { delay: 10 })
    await caretIn(a, 'Alpha paragraph.')
    await a.keyboard.type(' Written online.', { delay: 10 })
    await vi.waitFor(async () => expect(await isSaved(a)).toBe(true), { timeout: 15_000 })
    expect(await serverMarkdown(stack.app, doc)).not.toContain('Written offline.')
    expect(await isSaved(b)).toBe(false)
    await screenshot(b, 'offline-b')

    await contextOf(b).setOffline(false)
    const markdown = await converged(doc, [a, b])
    expect(markdown).toContain('Alpha paragraph. Written online.')
    expect(markdown).toContain('Gamma paragraph. Written offline.')
  })

  it('a reload keeps edits the server had not received yet', async () => {
    const { doc, a, b, bSync } = await twoEditors()
    await bSync.cut()
    await caretIn(b, 'Beta paragraph.')
    await b.keyboard.type(' Kept across a reload.', { delay: 10 })
    await vi.waitFor(async () => expect(await storedOutbox(b, doc)).toBeGreaterThan(0), {
      timeout: 10_000,
    })
    expect(await serverMarkdown(stack.app, doc)).not.toContain('Kept across a reload.')
    expect(await isSaved(b)).toBe(false)

    await b.reload()
    bSync.restore()
    await waitUntilLoaded(b)
    const markdown = await converged(doc, [a, b])
    expect(markdown).toContain('Beta paragraph. Kept across a reload.')
    await screenshot(a, 'after-reload-a')
  })

  it('a move that lost to an earlier move of the same block is undone for its author, with a notice', async () => {
    const { doc, a, b, bSync } = await twoEditors()
    await bSync.cut()
    // A moves Gamma above Beta (two places up) and the server takes it
    await caretIn(a, 'Gamma paragraph.')
    await a.keyboard.press('Alt+ArrowUp')
    await a.keyboard.press('Alt+ArrowUp')
    await vi.waitFor(async () => expect(await isSaved(a)).toBe(true), { timeout: 15_000 })
    // B, not having seen that, moves Gamma one place up: a later, concurrent move
    await caretIn(b, 'Gamma paragraph.')
    await b.keyboard.press('Alt+ArrowUp')
    bSync.restore()

    await b.getByText('Someone moved that block first').waitFor({ timeout: 30_000 })
    const markdown = await converged(doc, [a, b])
    expect(markdown.indexOf('Gamma paragraph.')).toBeLessThan(markdown.indexOf('Beta paragraph.'))
    await screenshot(b, 'move-rejected-b')
  })
})
