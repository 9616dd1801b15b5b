/**
 * The playground with a crowd: the server (its CLI, own process) and the built playground under
 * `vite preview` (the e2e support), one
 * Chromium tab on the sample document, N bots started through the panel (the preview server's
 * bots service), then a measured window: the tab's frame intervals, its long tasks, a local
 * edit's keydown-to-store time each second, the bots' latencies and the server's figures.
 *
 *   pnpm --filter @markdownsync/playground bench:crowd [-- --editors 100,1000 --duration 30]
 *
 * Writes bench-results/crowd.json and prints a table.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Page } from 'playwright-core'
import { launchChromium } from '../../../test-support/chromium.js'
import type { BotsStats } from '../bots/stats.js'
import {
  panelState,
  startBotsFromPanel,
  stopBotsFromPanel,
} from '../test/e2e/support/bots-panel.js'
import { openEditor } from '../test/e2e/support/pages.js'
import { startServerProcess } from '../test/e2e/support/server-process.js'
import { startPreview } from '../test/e2e/support/stack.js'
import { readRecording, startRecording, timeLocalEdit } from './crowd-probes.js'

const { values } = parseArgs({
  options: {
    editors: { type: 'string', default: '100,1000' },
    duration: { type: 'string', default: '30' },
    out: { type: 'string', default: 'bench-results/crowd.json' },
  },
})
const points = (values.editors ?? '').split(',').map(Number)
const durationS = Number(values.duration)
const appDir = fileURLToPath(new URL('../', import.meta.url))
const sample = readFileSync(new URL('../src/samples/welcome.md', import.meta.url), 'utf8')
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Spread {
  readonly count: number
  readonly p50: number
  readonly p95: number
  readonly max: number
}
const spread = (values: readonly number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 }
}
const median = (values: readonly number[]) => spread(values).p50
const round = (n: number) => Math.round(n * 10) / 10

// the server in its own process, as `pnpm playground` runs it; the app under `vite preview`
const server = await startServerProcess()
const stack = await startPreview('crowd', server.url)
const browser = await launchChromium()
const stats = async (): Promise<BotsStats> =>
  (await fetch(new URL('/bots/stats', stack.url))).json() as Promise<BotsStats>

/** One N: a fresh copy of the sample, the tab, the bots, the window. */
const measure = async (editors: number, index: number) => {
  const doc = `crowd-${editors}-${index}-${Date.now().toString(36)}`
  await server.createDocument(doc, sample)
  const editor = await openEditor(browser, stack.url, doc)
  const page: Page = editor.page
  let joinS = 0
  if (editors > 0) {
    const joinStart = performance.now()
    await startBotsFromPanel(page, editors)
    while ((await panelState(page)) !== 'running') {
      if ((await panelState(page)) === 'failed')
        throw new Error((await stats()).crowd.failure ?? 'bots failed')
      await wait(250)
    }
    joinS = (performance.now() - joinStart) / 1000
    await wait(5_000) // warm-up
  }
  await startRecording(page)
  const edits: number[] = []
  let missed = 0
  const windows: BotsStats[] = []
  const polls: (BotsStats | undefined)[] = []
  const end = performance.now() + durationS * 1000
  // the stats (whose server figures wait for /metrics) and the local edits on their own clocks
  const polling = (async () => {
    let nextWindow = performance.now() + 5_000
    while (performance.now() < end) {
      const tick = performance.now()
      const now = await stats().catch(() => undefined)
      polls.push(now)
      // the bots' latencies cover the last 5 s: disjoint windows every 5 s
      if (now !== undefined && performance.now() >= nextWindow) {
        windows.push(now)
        nextWindow += 5_000
      }
      await wait(Math.max(0, 1_000 - (performance.now() - tick)))
    }
  })()
  while (performance.now() < end) {
    const tick = performance.now()
    const edit = await timeLocalEdit(page)
    if (edit === undefined) missed++
    else edits.push(edit)
    await wait(Math.max(0, 1_000 - (performance.now() - tick)))
  }
  await polling
  const record = await readRecording(page)
  const last = polls.filter((p) => p !== undefined).at(-1)
  if (editors > 0) {
    await stopBotsFromPanel(page)
    while ((await panelState(page)) !== 'idle') await wait(250)
  }
  await editor.context.close()
  const figures = polls.flatMap((p) => (p?.server ? [p.server] : []))
  /** Medians over the 5-s windows that measured something; null when none did. */
  const latency = (name: 'editText' | 'editStructure' | 'cursor' | 'ack') => {
    const measured = windows.map((w) => w.crowd.latencyMs[name]).filter((l) => l.count > 0)
    if (measured.length === 0) return null
    return {
      windows: `${measured.length} of ${windows.length}`,
      p50: round(median(measured.map((l) => l.p50))),
      p99: round(median(measured.map((l) => l.p99))),
      max: round(Math.max(...measured.map((l) => l.max))),
    }
  }
  const frames = spread(record.frames)
  const longTasks = spread(record.longTasks)
  const busyMs = record.longTasks.reduce((a, b) => a + b, 0)
  return {
    editors,
    joined: last?.crowd.joined ?? 0,
    botsSentPerS: last?.crowd.sentPerS ?? {},
    joinS: round(joinS),
    windowS: round(record.windowMs / 1000),
    frames: {
      count: frames.count,
      p50: round(frames.p50),
      p95: round(frames.p95),
      max: round(frames.max),
    },
    longTasks: {
      count: longTasks.count,
      p50: round(longTasks.p50),
      max: round(longTasks.max),
      shareOfWindow: round((busyMs / record.windowMs) * 100),
    },
    localEdit: { samples: edits.length, missed, ...mapRound(spread(edits)) },
    bots: {
      editText: latency('editText'),
      editStructure: latency('editStructure'),
      cursor: latency('cursor'),
      ack: latency('ack'),
      problems: last?.crowd.problems ?? 0,
    },
    /** Null when the server never answered /metrics within 5 s in the window. */
    server:
      figures.length === 0
        ? null
        : {
            answered: `${figures.length} of ${polls.length} polls`,
            sessions: Math.max(...figures.map((f) => f.sessions)),
            opsInPerS: round(median(figures.map((f) => f.opsInPerS))),
            messagesOutPerS: round(median(figures.map((f) => f.messagesOutPerS))),
            fanout: round(median(figures.map((f) => f.fanout ?? 0))),
          },
  }
}
const mapRound = (s: Spread) => ({ p50: round(s.p50), p95: round(s.p95), max: round(s.max) })

type Point = Awaited<ReturnType<typeof measure>>
const results: Point[] = []
const loadBefore = loadavg()[0] ?? 0
try {
  for (const [index, editors] of points.entries()) {
    console.log(`N = ${editors}: joining, 5 s warm-up, ${durationS} s measured…`)
    results.push(await measure(editors, index))
  }
} finally {
  await browser.close()
  await stack.close()
  await server.stop()
}

const report = {
  date: new Date().toISOString(),
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    loadAverage: { before: round(loadBefore), after: round(loadavg()[0] ?? 0) },
    note: 'shared machine (other work running); server, bots, vite preview and Chromium on the same cores',
  },
  traffic: 'per bot: 1.5 edits/s (10% structure), 3 cursor moves/s, 1 viewport change/s; no agents',
  durationS,
  points: results,
}
const out = new URL(values.out ?? 'bench-results/crowd.json', `file://${appDir}`)
mkdirSync(new URL('./', out), { recursive: true })
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)

const latencyCell = (l: { windows: string; p50: number; p99: number; max: number } | null) =>
  l === null ? 'none arrived' : `${l.p50} / ${l.p99} / ${l.max} (${l.windows} windows)`
const rows: [string, (p: Point) => string][] = [
  ['server /metrics answered', (p) => p.server?.answered ?? 'never (within 5 s)'],
  ['sessions (server)', (p) => String(p.server?.sessions ?? '–')],
  ['ops in / s', (p) => String(p.server ? Math.round(p.server.opsInPerS) : '–')],
  ['messages out / s', (p) => String(p.server ? Math.round(p.server.messagesOutPerS) : '–')],
  ['fanout (messages per op)', (p) => String(p.server?.fanout ?? '–')],
  ['frame p50 / p95 / max (ms)', (p) => `${p.frames.p50} / ${p.frames.p95} / ${p.frames.max}`],
  [
    'long tasks (count, max ms, % of time)',
    (p) => `${p.longTasks.count}, ${p.longTasks.max}, ${p.longTasks.shareOfWindow}%`,
  ],
  [
    'local edit → store p50 / p95 / max (ms)',
    (p) =>
      `${p.localEdit.p50} / ${p.localEdit.p95} / ${p.localEdit.max} (${p.localEdit.samples} edits)`,
  ],
  ['bots: edit → peer p50 / p99 / max (ms)', (p) => latencyCell(p.bots.editText)],
  ['bots: cursor → peer p50 / p99 / max (ms)', (p) => latencyCell(p.bots.cursor)],
  ['bots: ack p50 / p99 / max (ms)', (p) => latencyCell(p.bots.ack)],
  ['bots: errors, reconnects', (p) => String(p.bots.problems)],
]
console.log(`\n| | ${results.map((p) => `N = ${p.editors}`).join(' | ')} |`)
console.log(`| --- | ${results.map(() => '---').join(' | ')} |`)
for (const [name, cell] of rows) console.log(`| ${name} | ${results.map(cell).join(' | ')} |`)
console.log(
  `\n${report.machine.cores} cores (${report.machine.cpu}), ${report.machine.note}. Written to ${fileURLToPath(out)}`,
)
