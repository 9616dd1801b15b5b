/**
 * The "simulate editors" panel in Chromium against the real server: bots started from the
 * panel join the document the user has open (through the preview server's bots service and
 * the bench's load generator), the panel's figures come alive, the document changes under the
 * bots, and Stop leaves only the user's own session. No timing assertions.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { chromiumAvailable, launchChromium } from '../../../../test-support/chromium.js'
import {
  botsPanel,
  panelFigure,
  panelState,
  startBotsFromPanel,
  stopBotsFromPanel,
} from './support/bots-panel.js'
import { type Editor, openEditor, screenshot, shownBlocks } from './support/pages.js'
import { createDocument, type Stack, serverMarkdown, startStack } from './support/stack.js'

const haveChromium = chromiumAvailable()
if (!haveChromium)
  console.warn(
    'SKIPPED the simulate-editors browser suite: no Chromium (see test-support/chromium.ts)',
  )

const SAMPLE = [
  '# A crowded page',
  '',
  'First paragraph of the crowded page.',
  '',
  'Second paragraph of the crowded page.',
  '',
  '- one',
  '- two',
  '',
  'Last paragraph of the crowded page.',
  '',
].join('\n')

let stack: Stack
let browser: Browser
let editor: Editor | undefined

beforeAll(async () => {
  if (!haveChromium) return
  stack = await startStack('simulate')
  browser = await launchChromium()
})

afterAll(async () => {
  if (editor !== undefined) await stopBotsFromPanel(editor.page).catch(() => undefined)
  await editor?.context.close().catch(() => undefined)
  await browser?.close()
  await stack?.close()
})

describe.skipIf(!haveChromium)('the simulate editors panel', () => {
  it('10 bots started from the panel edit the open document, and Stop leaves the user alone', async () => {
    const doc = `simulate-${Date.now().toString(36)}`
    await createDocument(stack.app, doc, SAMPLE)
    editor = await openEditor(browser, stack.url, doc)
    const { page } = editor
    await vi.waitFor(async () => expect(await panelFigure(page, 'bots-sessions')).toBe(1), {
      timeout: 30_000,
      interval: 250,
    })
    const before = await shownBlocks(page)

    await startBotsFromPanel(page, 10)
    await vi.waitFor(
      async () => {
        expect(await panelState(page)).toBe('running')
        // ten bots, their process's observer and the user
        expect(await panelFigure(page, 'bots-sessions')).toBe(12)
        expect(await panelFigure(page, 'bots-ops-in')).toBeGreaterThan(0)
      },
      { timeout: 60_000, interval: 250 },
    )
    await vi.waitFor(async () => expect(await shownBlocks(page)).not.toEqual(before), {
      timeout: 30_000,
      interval: 250,
    })
    expect(await serverMarkdown(stack.app, doc)).not.toBe(`${SAMPLE}`)
    await screenshot(page, 'simulate-running')

    await stopBotsFromPanel(page)
    await vi.waitFor(
      async () => {
        expect(await panelState(page)).toBe('idle')
        expect(await panelFigure(page, 'bots-sessions')).toBe(1)
      },
      { timeout: 30_000, interval: 250 },
    )
    await expect(botsPanel(page).locator('[data-testid="bots-stop"]').isDisabled()).resolves.toBe(
      true,
    )
  })
})
