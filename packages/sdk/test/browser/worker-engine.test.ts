/**
 * The worker engine in a real browser: Debian's Chromium opens a page that Vite serves from the
 * SDK's source (so Vite bundles the SDK's own `new Worker(new URL(…))` the way it would in an
 * app), against the real server (PGlite in memory, real WebSockets). Two clients — one with
 * `engine: 'worker'`, one with `engine: 'inline'` — make seeded random edits of every kind on
 * one document at once, then both must equal each other, the server's replica and its Markdown
 * export.
 *
 *   SEED=7 npx vitest run test/browser/worker-engine    replay a seed (choices replay; timing varies)
 *   OPS=200 npx vitest run test/browser/worker-engine
 */
import { fileURLToPath } from 'node:url'
import type { Browser, Page, Worker as PageWorker } from 'playwright-core'
import { createServer as createViteServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
} from '../../../../test-support/chromium.js'
import { createPrng, seedFromEnv, word } from '../support/prng.js'
import { markdownOf, openStorage, type RealServer, startServer } from '../support/real-server.js'
import { eventually } from '../support/wait.js'
import type { ClientState, ScenarioInput } from './fixture/main.js'

const SEED = seedFromEnv(1)
const OPS = Number(process.env.OPS || 40)
const DOC = 'sdk-worker-engine'
/** Lost moves are sequenced and only reported; any other rejection would be a bug. */
const LOSSES = new Set(['concurrent_move', 'cycle', 'duplicate_block'])

const haveChromium = chromiumAvailable()
if (!haveChromium)
  console.warn(`SKIPPED the worker engine's browser tests: no Chromium at ${CHROMIUM_PATH}`)

let server: RealServer
let storage: Awaited<ReturnType<typeof openStorage>>
let vite: ViteDevServer
let browser: Browser
let page: Page
const workers: PageWorker[] = []
const pageErrors: string[] = []

beforeAll(async () => {
  if (!haveChromium) return
  storage = await openStorage({})
  server = await startServer(storage)
  vite = await createViteServer({
    configFile: false,
    root: fileURLToPath(new URL('./fixture/', import.meta.url)),
    logLevel: 'error',
    server: {
      host: '127.0.0.1',
      port: 0,
      hmr: false,
      watch: null,
      fs: { allow: [fileURLToPath(new URL('../../../../', import.meta.url))] },
    },
    // pre-bundle the dependencies before the page loads (one found late would reload the page
    // mid-test); the worker is no import the scan follows, so it is an entry of its own
    optimizeDeps: {
      entries: [
        'index.html',
        fileURLToPath(new URL('../../src/engine/engine.worker.ts', import.meta.url)),
      ],
    },
    cacheDir: fileURLToPath(
      new URL('../../node_modules/.vite/worker-engine-test', import.meta.url),
    ),
  })
  await vite.listen()
  const address = vite.httpServer?.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  browser = await launchChromium()
  page = await browser.newPage()
  page.on('worker', (worker) => workers.push(worker))
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(`http://127.0.0.1:${port}/index.html`)
  await page.waitForFunction(() => 'engineTest' in window)
})

afterAll(async () => {
  await browser?.close()
  await vite?.close()
  await server?.close()
  await storage?.close()
})

/** A document with some sections, so the random edits have text and structure to work on. */
const seedMarkdown = (seed: number): string => {
  const p = createPrng(seed)
  const parts: string[] = []
  for (let s = 1; s <= 3; s++) {
    parts.push(`# Section ${s}`)
    for (let i = 0; i < 6; i++) parts.push(`${word(p)} ${word(p)} *${word(p)}* **${word(p)}**.`)
    parts.push(`- ${word(p)}\n- [x] ${word(p)}`)
  }
  return `${parts.join('\n\n')}\n`
}

const pageState = (): Promise<ClientState[]> => page.evaluate(() => window.engineTest.state())

describe.skipIf(!haveChromium)('the worker engine in Chromium', () => {
  it(`a worker client and an inline client editing at once converge with the server (seed ${SEED})`, async () => {
    console.log(`worker engine seed ${SEED} (replay: SEED=${SEED})`)
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/documents',
      payload: { id: DOC, markdown: seedMarkdown(SEED) },
    })
    expect(created.statusCode).toBe(201)

    const input: ScenarioInput = { url: server.url, doc: DOC, seed: SEED, ops: OPS }
    await page.evaluate((i) => window.engineTest.run(i), input)

    const expected = server.app.markdownsync.rooms.get(DOC)!.replica
    const [worker, inline] = await eventually(async () => {
      const states = await pageState()
      const markdown = await markdownOf(server.app, DOC)
      for (const s of states) {
        expect(s.synchronized, `${s.engine} synchronized`).toBe(true)
        expect(s.markdown, `${s.engine}'s Markdown`).toBe(markdown)
        expect(s.canonical, `${s.engine}'s tree`).toEqual(expected.toCanonical().root)
      }
      return states
    }, 30_000)
    console.log(
      `  worker: ${JSON.stringify(worker!.done)}\n  inline: ${JSON.stringify(inline!.done)}\n` +
        `  ${worker!.markdown.split('\n').length} lines of Markdown`,
    )
    expect(worker!.markdown).toBe(inline!.markdown)
    expect(worker!.canonical).toEqual(inline!.canonical)
    // each client's own block, edited in every way (fixture/edits.ts), is in the server's document
    for (const name of ['worker', 'inline']) {
      expect(
        expected.toCanonical().root.find((block) => block.id === `from-${name}`),
      ).toMatchObject({
        props: { color: 'blue' },
        text: [
          { insert: 'written ' },
          { insert: 'here ', attributes: { bold: true } },
          { insert: `by the ${name} engine` },
        ],
      })
    }

    for (const s of [worker!, inline!]) {
      expect(
        s.rejections.filter((r) => !LOSSES.has(r.code)),
        `${s.engine}'s rejections`,
      ).toEqual([])
      // edits computed from a view the engine has since moved past may be refused, nothing else
      expect(
        s.errors.filter((e) => e.code !== 'invalid_edit'),
        `${s.engine}'s errors`,
      ).toEqual([])
    }
    expect(pageErrors).toEqual([])
  })

  it('the worker client really ran in a worker: one engine worker, which answered its queries', async () => {
    // the inline client made no worker: exactly one, from the SDK's own worker script
    expect(workers.map((w) => new URL(w.url()).pathname)).toEqual([
      expect.stringMatching(/\/src\/engine\/engine\.worker\.ts$/),
    ])
    // the replica lives in the worker: a block count read from inside it, by its own code
    const answered = await pageState()
    expect(answered.find((s) => s.engine === 'worker')!.canonical.length).toBeGreaterThan(0)
  })

  it('leaving the room terminates its worker', async () => {
    const closed = new Promise<void>((resolve) => workers[0]!.on('close', () => resolve()))
    await page.evaluate(() => window.engineTest.leave())
    await closed
    expect(page.workers()).toEqual([])
  })

  it('a load posted while local ops are on their way keeps them (the worker replays them); its bytes move, not copied', async () => {
    expect(await page.evaluate(() => window.engineTest.inFlightReplay())).toEqual({
      markdown: 'one\n\ntwo\n',
      localOps: ['insert_block'],
      snapshotTransferred: true,
    })
  })

  it("a worker that cannot start is reported as the room's error; queries still answer", async () => {
    const outcome = await page.evaluate(
      ([url, doc]) => window.engineTest.brokenWorker(url!, doc!),
      [server.url, DOC],
    )
    expect(outcome).toEqual({
      code: 'internal',
      message: expect.stringMatching(/^the engine worker failed: /),
      markdown: '',
    })
  })

  it('two worker clients typing into one paragraph at once keep their words whole (edits rebased in the worker)', async () => {
    const doc = 'sdk-worker-typing'
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/documents',
      payload: { id: doc, markdown: 'a=; b=;\n' },
    })
    expect(created.statusCode).toBe(201)
    const words = { a: 'alphabetical', b: 'bookkeeping' }
    const block = await page.evaluate(
      ([url, d, w]) => window.engineTest.typeTogether(url as string, d as string, w as never),
      [server.url, doc, words] as const,
    )
    const expected = `a=${words.a}; b=${words.b};`
    const final = await eventually(async () => {
      const state = await page.evaluate((b) => window.engineTest.typingState(b), block)
      expect(state.synchronized).toEqual([true, true])
      expect(state.texts).toEqual([expected, expected])
      expect(await markdownOf(server.app, doc)).toBe(`${expected}\n`)
      return state
    }, 30_000)
    console.log(`  typed together: ${JSON.stringify(final!.texts[0])}`)
    expect(final!.errors).toEqual([])
    await page.evaluate(() => window.engineTest.leaveTyping())
  })
})
