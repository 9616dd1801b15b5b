/**
 * The playground's two other faces in Chromium against the real server: a large document
 * (virtualized, content delivered by viewport) and a slide deck (one slide at a time).
 * Figures are printed, never asserted.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { chromiumAvailable, launchChromium } from '../../../../test-support/chromium.js'
import {
  caretIn,
  type Editor,
  isSaved,
  openEditor,
  roomMarkdown,
  screenshot,
} from './support/pages.js'
import { createDocument, type Stack, serverMarkdown, startStack } from './support/stack.js'

const haveChromium = chromiumAvailable()

let stack: Stack
let browser: Browser
const opened: Editor[] = []

beforeAll(async () => {
  if (!haveChromium) return
  stack = await startStack('views')
  browser = await launchChromium()
})

afterAll(async () => {
  for (const editor of opened) await editor.context.close().catch(() => undefined)
  await browser?.close()
  await stack?.close()
})

/** Sections of a heading and 49 paragraphs: 50 blocks each. */
const largeDocument = (sections: number): string => {
  const lines: string[] = []
  for (let s = 0; s < sections; s++) {
    lines.push(`## Section ${s + 1}`, '')
    for (let p = 1; p < 50; p++) lines.push(`Paragraph ${s * 50 + p} of the large document.`, '')
  }
  return lines.join('\n')
}

describe.skipIf(!haveChromium)('the playground in Chromium: large documents and decks', () => {
  it('a 3,000-block document renders only what is on screen, and loads the content it scrolls to', async () => {
    const doc = `large-${Date.now().toString(36)}`
    await createDocument(stack.app, doc, largeDocument(60))
    const started = Date.now()
    const editor = await openEditor(browser, stack.url, doc)
    opened.push(editor)
    const { page } = editor
    const firstText = Date.now() - started
    const rendered = await page.locator('[data-block]').count()
    expect(rendered).toBeGreaterThan(10)
    expect(rendered).toBeLessThan(200)
    // the end of the document is not this client's content yet: the viewport does not see it
    expect(await roomMarkdown(page)).not.toContain('Paragraph 2999 of')

    const scrolled = Date.now()
    await page.evaluate(() => {
      const list = document.querySelector('[data-markdownsync-block-list]') as HTMLElement
      list.scrollTop = list.scrollHeight
    })
    await page
      .locator('[data-text-block]', { hasText: 'Paragraph 2999 of the large document.' })
      .waitFor({ timeout: 30_000 })
    const contentAfterScroll = Date.now() - scrolled
    expect(await page.locator('[data-block]').count()).toBeLessThan(200)
    console.log(
      `large document: 3,000 blocks, ${rendered} rendered at the top; first text after ${firstText} ms; ` +
        `the last block's content ${contentAfterScroll} ms after scrolling to the end`,
    )
    await screenshot(page, 'large-document-end')
  })

  it('a deck opens on its slides: one slide at a time, the slide list, edits that reach the server', async () => {
    const doc = `deck-${Date.now().toString(36)}`
    await createDocument(
      stack.app,
      doc,
      '# Kickoff\n\nWelcome everyone.\n\n---\n\n## Agenda\n\n- Goals\n- Plan\n\n---\n\n## Questions\n\nAsk anything.\n',
      'slides',
    )
    const editor = await openEditor(browser, stack.url, doc)
    opened.push(editor)
    const { page } = editor
    await expect
      .poll(() => page.locator('[data-testid="slide-position"]').textContent())
      .toBe('1 / 3')
    expect(await page.locator('[data-testid="slide-thumb"]').count()).toBe(3)
    expect(await page.locator('.stage [data-text-block]').allTextContents()).toEqual([
      'Kickoff',
      'Welcome everyone.',
    ])

    await page.locator('[data-testid="slide-thumb"]').nth(1).click()
    await expect
      .poll(() => page.locator('[data-testid="slide-position"]').textContent())
      .toBe('2 / 3')
    await caretIn(page, 'Plan')
    await page.keyboard.press('Enter')
    await page.keyboard.type('Timeline')
    await vi.waitFor(async () => expect(await isSaved(page)).toBe(true), { timeout: 15_000 })
    const markdown = await serverMarkdown(stack.app, doc)
    expect(markdown).toContain('## Agenda\n\n- Goals\n- Plan\n- Timeline\n')
    expect(markdown.split('\n---\n')).toHaveLength(3)
    await screenshot(page, 'slides')
  })
})
