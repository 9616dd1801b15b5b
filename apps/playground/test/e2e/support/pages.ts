/**
 * Driving the playground in Chromium the way a user does — clicks and keys — and reading back
 * what the page shows: the blocks' text in document order, the room's own Markdown
 * (`window.__playground`), the saved indicator, the cursor canvas.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url))
mkdirSync(ARTIFACTS, { recursive: true })

export interface Editor {
  readonly context: BrowserContext
  readonly page: Page
}

/** Cuts and restores a context's sync WebSocket while its HTTP keeps working. */
export interface SyncSwitch {
  /** Closes the open sync sockets and refuses new ones. */
  cut(): Promise<void>
  /** Lets the next connection attempt through. */
  restore(): void
}

/** Routes the context's sync sockets through a switch (before its pages connect). */
export const syncSwitch = async (context: BrowserContext): Promise<SyncSwitch> => {
  let blocked = false
  const open: Array<{ close(): Promise<void> }> = []
  await context.routeWebSocket(/\/v1\/sync/, (socket) => {
    if (blocked) return void socket.close()
    socket.connectToServer()
    open.push(socket)
  })
  return {
    cut: async () => {
      blocked = true
      for (const socket of open.splice(0)) await socket.close()
    },
    restore: () => {
      blocked = false
    },
  }
}

/** A fresh browser profile (its own dev identity and outbox) with the document open. */
export const openEditor = async (
  browser: Browser,
  url: string,
  doc: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Editor> => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 820 } })
  await prepare?.(context)
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`))
  await page.goto(`${url}?doc=${encodeURIComponent(doc)}`)
  await waitUntilLoaded(page)
  return { context, page }
}

/** Connected, and the blocks' text on screen. */
export const waitUntilLoaded = async (page: Page): Promise<void> => {
  await page
    .locator('[data-testid="connection"][data-status="connected"]')
    .waitFor({ timeout: 30_000 })
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-text-block]')].some((e) => (e.textContent ?? '') !== ''),
    undefined,
    { timeout: 30_000 },
  )
}

/** The editable text of the block showing `text`. */
export const blockWithText = (page: Page, text: string): Locator =>
  page.locator('[data-text-block]', { hasText: text }).first()

/** Puts the caret at the end (or start) of the block showing `text`, by clicking and a key. */
export const caretIn = async (
  page: Page,
  text: string,
  where: 'start' | 'end' = 'end',
): Promise<void> => {
  await blockWithText(page, text).click()
  await page.keyboard.press(where === 'end' ? 'End' : 'Home')
}

/** Every text block the page shows, in document order, with its block type. */
export const shownBlocks = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-text-block]')].map((element) => {
      const type = element.closest<HTMLElement>('[data-type]')?.dataset.type ?? 'cell'
      return `${type}: ${element.textContent ?? ''}`
    }),
  )

/** The room's own copy of the document, as Markdown. */
export const roomMarkdown = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const hook = (
      window as unknown as { __playground: { room: { toMarkdown(): Promise<string> } } }
    ).__playground
    return hook.room.toMarkdown()
  })

/** Whether the header says every change is saved (acknowledged by the server). */
export const isSaved = async (page: Page): Promise<boolean> =>
  (await page.locator('[data-testid="saved"]').getAttribute('data-saved')) === 'true'

export const screenshot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: `${ARTIFACTS}${name}.png` })

/** This user's caret colour, as the server assigned it. */
export const ownColor = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const hook = (
      window as unknown as {
        __playground: { room: { $self: { get(): { user: { color: string } } | undefined } } }
      }
    ).__playground
    return hook.room.$self.get()?.user.color ?? ''
  })

/**
 * Pixels of `color` (#rrggbb, a little tolerance for anti-aliasing) on the cursor canvas, and
 * the bounding box of them in client coordinates.
 */
export const canvasInk = (page: Page, color: string) =>
  page.evaluate((hex) => {
    const canvas = document.querySelector<HTMLCanvasElement>(
      '[data-markdownsync-block-list] canvas, canvas',
    )
    if (canvas === null) return { pixels: 0, box: null }
    const context = canvas.getContext('2d')
    if (context === null) return { pixels: 0, box: null }
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [
      number,
      number,
      number,
    ]
    const { width, height } = canvas
    const data = context.getImageData(0, 0, width, height).data
    let pixels = 0
    let minX = Number.POSITIVE_INFINITY
    let minY = Number.POSITIVE_INFINITY
    let maxX = -1
    let maxY = -1
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4
        const near =
          (data[i + 3] as number) > 200 &&
          Math.abs((data[i] as number) - r) < 24 &&
          Math.abs((data[i + 1] as number) - g) < 24 &&
          Math.abs((data[i + 2] as number) - b) < 24
        if (!near) continue
        pixels++
        minX = Math.min(minX, x)
        minY = Math.min(minY, y)
        maxX = Math.max(maxX, x)
        maxY = Math.max(maxY, y)
      }
    const rect = canvas.getBoundingClientRect()
    const scale = rect.width / width
    return {
      pixels,
      box:
        pixels === 0
          ? null
          : {
              left: rect.left + minX * scale,
              top: rect.top + minY * scale,
              right: rect.left + maxX * scale,
              bottom: rect.top + maxY * scale,
            },
    }
  }, color)

/** Unacknowledged changes this page keeps in IndexedDB for `doc` (the SDK's outbox). */
export const storedOutbox = (page: Page, doc: string): Promise<number> =>
  page.evaluate(async (docId) => {
    // opening a database that does not exist would create it, empty, under the SDK's feet
    const names = (await indexedDB.databases()).map((db) => db.name)
    if (!names.includes('markdownsync-outbox')) return 0
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('markdownsync-outbox')
      open.onerror = () => reject(open.error)
      open.onsuccess = () => {
        const db = open.result
        if (!db.objectStoreNames.contains('ops')) return resolve(0)
        const all = db.transaction('ops').objectStore('ops').getAll()
        all.onsuccess = () => {
          resolve((all.result as Array<{ docId: string }>).filter((r) => r.docId === docId).length)
          db.close()
        }
        all.onerror = () => reject(all.error)
      }
    })
  }, doc)
