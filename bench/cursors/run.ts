/**
 * `pnpm --filter @markdownsync/bench bench:cursors`: 1,000 other users' carets over 200 blocks
 * of a laid-out page in Chromium, all moving every frame, drawn by our cursor canvas and by DOM
 * cursors (the peer) in the same page, taking turns. Prints a table with ratios and writes
 * bench/results/cursors.json. Figures are reported, never asserted.
 *
 * Knobs: BENCH_QUICK=1 (60 frames, results file untouched), BENCH_FRAMES (frames per side,
 * default 300), BENCH_SCREENSHOTS=1 (a still of each overlay in bench/cursors/artifacts/),
 * BENCH_MARKDOWN=1 (also print the docs' table).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { Page } from 'playwright-core'
import { launchChromium } from '../../test-support/chromium.js'
import type { FrameTimes, RunSettings } from './page.js'
import { formatMarkdown, formatTable, type Line, spreadOf } from './report.js'

const QUICK = process.env.BENCH_QUICK === '1'
const FRAMES = QUICK ? 60 : Number(process.env.BENCH_FRAMES ?? 300)
const ROUNDS = 4 // canvas and DOM take turns, so a neighbour's burst lands on both
const WARMUP = 30
const PAGE = { blocks: 200, cursors: 1000 }
const PIXEL_RATIOS = [1, 2]
const VIEWPORT = { width: 1600, height: 960 }
const TARGET_MS = 4
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

const bundlePage = async (): Promise<string> => {
  // nanostores as the SDK resolves it: the stand-in room uses the same atoms as a Room
  const sdk = dirname(createRequire(import.meta.url).resolve('@markdownsync/sdk/package.json'))
  const result = await build({
    entryPoints: [here('./page.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    minify: true,
    nodePaths: [`${sdk}/node_modules`],
    logLevel: 'error',
  })
  return result.outputFiles[0]!.text
}

const runOverlay = (page: Page, settings: RunSettings): Promise<FrameTimes> =>
  page.evaluate((s) => window.cursorBench.run(s), settings)

const POSITIONS = {
  range: 'Range per caret',
  cached: 'cached positions',
} as const

const measure = async (page: Page, pixelRatio: number): Promise<Line[]> => {
  const lines: Line[] = []
  for (const positions of ['range', 'cached'] as const) {
    const all = { canvas: [] as FrameTimes[], dom: [] as FrameTimes[] }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['canvas', 'dom'] as const) : (['dom', 'canvas'] as const)
      for (const overlay of order) {
        const times = await runOverlay(page, {
          ...PAGE,
          overlay,
          positions,
          frames: Math.ceil(FRAMES / ROUNDS),
          warmup: WARMUP,
        })
        if (times.shown < PAGE.cursors)
          throw new Error(`${overlay} showed ${times.shown} carets, not ${PAGE.cursors}`)
        all[overlay].push(times)
      }
    }
    const joined = (side: FrameTimes[], key: 'work' | 'intervals') => side.flatMap((t) => t[key])
    lines.push(
      {
        pixelRatio,
        positions,
        measure: `${POSITIONS[positions]}: update → style + layout`,
        canvas: spreadOf(joined(all.canvas, 'work')),
        dom: spreadOf(joined(all.dom, 'work')),
      },
      {
        pixelRatio,
        positions,
        measure: `${POSITIONS[positions]}: frame to frame`,
        canvas: spreadOf(joined(all.canvas, 'intervals')),
        dom: spreadOf(joined(all.dom, 'intervals')),
      },
    )
  }
  return lines
}

const screenshots = async (page: Page): Promise<void> => {
  const dir = here('./artifacts/')
  mkdirSync(dir, { recursive: true })
  for (const overlay of ['canvas', 'dom'] as const) {
    await runOverlay(page, {
      ...PAGE,
      overlay,
      positions: 'range',
      frames: 3,
      warmup: 0,
      keep: true,
    })
    await page.screenshot({ path: `${dir}${overlay}.png` })
  }
}

const commit = (): string | null => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

const main = async (): Promise<void> => {
  const code = await bundlePage()
  // uncapped frames: the time between two animation frames is then the frame's whole cost
  const browser = await launchChromium(['--disable-frame-rate-limit', '--disable-gpu-vsync'])
  const started = { date: new Date().toISOString(), load: loadavg() }
  const lines: Line[] = []
  try {
    for (const pixelRatio of PIXEL_RATIOS) {
      const context = await browser.newContext({
        viewport: VIEWPORT,
        deviceScaleFactor: pixelRatio,
      })
      const page = await context.newPage()
      await page.setContent('<!doctype html><html><body></body></html>')
      await page.addScriptTag({ content: code })
      lines.push(...(await measure(page, pixelRatio)))
      if (process.env.BENCH_SCREENSHOTS === '1' && pixelRatio === 1) await screenshots(page)
      await context.close()
    }
  } finally {
    await browser.close()
  }
  console.log(
    `\n${PAGE.cursors.toLocaleString('en-US')} carets over ${PAGE.blocks} blocks, all moving every frame; ${FRAMES} frames a side after ${WARMUP} warm-up, viewport ${VIEWPORT.width}×${VIEWPORT.height}\n`,
  )
  console.log(formatTable(lines))
  const target = (positions: 'range' | 'cached') => {
    const { p50, p95 } = lines.find((l) => l.pixelRatio === 1 && l.positions === positions)!.canvas
    return { positions, p50, p95, met: p95 < TARGET_MS }
  }
  const targets = [target('range'), target('cached')]
  for (const t of targets)
    console.log(
      `target: canvas under ${TARGET_MS} ms a frame for 1,000 cursors (DPR 1, ${POSITIONS[t.positions]}, p95): ${t.met ? 'met' : 'missed'} (${t.p95.toFixed(2)} ms)`,
    )
  if (process.env.BENCH_MARKDOWN === '1') console.log(`\n${formatMarkdown(lines)}`)
  if (QUICK) return
  const results = fileURLToPath(new URL('../results/cursors.json', import.meta.url))
  const json = {
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      chromium: browser.version(),
      loadAverageAtStart: started.load.map((l) => Number(l.toFixed(2))),
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
      date: started.date,
    },
    source: { commit: commit() },
    settings: { ...PAGE, frames: FRAMES, warmup: WARMUP, rounds: ROUNDS, viewport: VIEWPORT },
    target: { text: `canvas < ${TARGET_MS} ms per frame for 1,000 cursors (DPR 1, p95)`, targets },
    lines,
  }
  mkdirSync(dirname(results), { recursive: true })
  writeFileSync(results, `${JSON.stringify(json, null, 2)}\n`)
  console.log(`wrote ${results}`)
}

await main()
