/**
 * `pnpm bench:load`: the load benchmark of issue 7. A headline run of our server at N editors
 * (default 1,000, 60 s), then a sweep of every system — ours as designed, ours with the naive
 * fanout, the Yjs reference (y-websocket) — over N, each until it stops keeping up. Writes
 * `bench/results/load.json`, the Markdown tables (`load.md`) and the SVG charts of the docs.
 * `--smoke`: every system at N = 50 for 10 s, printed, nothing written (CI runs it as a test).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SystemName } from './generator/config.js'
import { writeCharts } from './report/charts.js'
import { loadMarkdown } from './report/markdown.js'
import { type PointResult, runPoint } from './run-point.js'
import { type LoadSettings, parseSettings } from './settings.js'
import { saturation } from './verdict.js'

const BENCH = fileURLToPath(new URL('..', import.meta.url))

export interface LoadResults {
  readonly machine: {
    readonly cpu: string
    readonly cores: number
    readonly node: string
    readonly date: string
    readonly loadAverageBefore: number[]
    readonly loadAverageAfter: number[]
  }
  readonly source: { readonly commit: string; readonly serverChanged: boolean } | null
  readonly settings: LoadSettings
  readonly headline: PointResult | null
  readonly sweep: PointResult[]
  /** Per system: the first N at which it stopped keeping up, and why. */
  readonly limits: Partial<Record<SystemName, { editors: number; reasons: string[] } | null>>
}

const log = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

const source = (): LoadResults['source'] => {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: BENCH, encoding: 'utf8' }).trim()
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      serverChanged: git('status', '--porcelain', '../packages/server/src').length > 0,
    }
  } catch {
    return null
  }
}

const line = (p: PointResult): string =>
  `  → offered ${p.inbound.offeredPerS.toFixed(0)}/s, ` +
  (p.serverAnswered
    ? `ops at server ${p.inbound.serverOpsPerS.toFixed(0)}/s of ${p.inbound.sentOpsPerS.toFixed(0)}/s sent; ` +
      `out ${p.outbound.messagesPerS.toFixed(0)} msg/s in ${p.outbound.framesPerS.toFixed(0)} frames/s; `
    : `${p.inbound.sentOpsPerS.toFixed(0)} ops/s sent, server too busy to report; `) +
  `edit→peer p50 ${p.latencyMs.editText.p50.toFixed(1)} p99 ${p.latencyMs.editText.p99.toFixed(1)} ms; ` +
  `cursor p99 ${p.latencyMs.cursor.p99.toFixed(1)} ms; server ${p.server.cpuCores.toFixed(2)} cores, ` +
  `${(p.server.rssMaxBytes / 2 ** 20).toFixed(0)} MiB, loop p99 ${p.server.loopP99Ms.toFixed(0)} ms; ` +
  `generator ${p.generator.cpuCores.toFixed(2)} cores, loop p99 ${p.generator.loopP99Ms.toFixed(0)} ms; ` +
  `others ${p.machine.otherCores.toFixed(2)} cores; errors ${JSON.stringify(p.problems.errors)}; ` +
  `divergence ${p.divergence.diverged}/${p.divergence.observers}`

export const runLoadBenchmark = async (settings: LoadSettings): Promise<LoadResults> => {
  const loadAverageBefore = loadavg()
  const profileDir = join(BENCH, 'results', 'profiles')
  if (settings.cpuProfile) mkdirSync(profileDir, { recursive: true })
  let headline: PointResult | null = null
  const sweep: PointResult[] = []
  const limits: LoadResults['limits'] = {}

  if (settings.smoke) {
    for (const system of settings.systems) {
      log(`${system}, N = ${settings.editors}, ${settings.durationS} s`)
      const point = await runPoint(system, settings.editors, settings.durationS, settings, log)
      log(line(point))
      sweep.push(point)
    }
  } else {
    if (settings.editors > 0 && settings.systems.includes('ours')) {
      log(`headline: ours, N = ${settings.editors}, ${settings.durationS} s`)
      headline = await runPoint(
        'ours',
        settings.editors,
        settings.durationS,
        settings,
        log,
        settings.cpuProfile ? profileDir : undefined,
      )
      log(line(headline))
    }
    for (const system of settings.systems) {
      limits[system] = null
      // 2,000 editors only for ours (issue 7)
      const points = settings.sweep.filter((n) => system === 'ours' || n <= 1000)
      for (const editors of points) {
        log(`sweep: ${system}, N = ${editors}, ${settings.sweepDurationS} s`)
        const point = await runPoint(
          system,
          editors,
          settings.sweepDurationS,
          settings,
          log,
          settings.cpuProfile ? profileDir : undefined,
        ).catch((error: unknown) => {
          log(`  failed: ${error instanceof Error ? error.message : String(error)}`)
          return undefined
        })
        if (point === undefined) {
          limits[system] = { editors, reasons: ['the run did not complete'] }
          break
        }
        log(line(point))
        sweep.push(point)
        const reasons = saturation(point)
        if (reasons.length > 0) {
          log(`  ${system} stops keeping up at N = ${editors}: ${reasons.join('; ')}`)
          limits[system] = { editors, reasons }
          break
        }
      }
    }
  }
  return {
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      node: process.version,
      date: new Date().toISOString(),
      loadAverageBefore,
      loadAverageAfter: loadavg(),
    },
    source: source(),
    settings,
    headline,
    sweep,
    limits,
  }
}

const readResults = (file: string): LoadResults =>
  JSON.parse(readFileSync(file, 'utf8')) as LoadResults

/** `now` over `before`: its headline if it ran one, its systems' sweeps instead of theirs. */
export const mergeResults = (before: LoadResults, now: LoadResults): LoadResults => {
  const rerun = new Set(now.sweep.map((p) => p.system))
  return {
    ...now,
    settings: {
      ...now.settings,
      systems: [...new Set([...before.settings.systems, ...now.settings.systems])],
    },
    headline: now.headline ?? before.headline,
    sweep: [...before.sweep.filter((p) => !rerun.has(p.system)), ...now.sweep].sort(
      (a, b) => SYSTEMS.indexOf(a.system) - SYSTEMS.indexOf(b.system) || a.editors - b.editors,
    ),
    limits: { ...before.limits, ...now.limits },
  }
}

const SYSTEMS: readonly SystemName[] = ['ours', 'naive', 'yjs']

const main = async (): Promise<void> => {
  const settings = parseSettings(process.argv.slice(2))
  log(
    `load benchmark: ${settings.systems.join(', ')}; ${settings.blocks} blocks, viewport ${settings.viewportSize}; ` +
      `per editor ${settings.rates.edits} edits/s (${settings.structureShare * 100}% structure), ${settings.rates.cursors} cursors/s, ` +
      `${settings.rates.viewports} viewports/s; ${(settings.agentsPerEditor * 100).toFixed(0)}% agents at ${settings.rates.agentOps} ops/s`,
  )
  let results = await runLoadBenchmark(settings)
  if (settings.out !== undefined) {
    const out = join(BENCH, settings.out)
    if (settings.merge && existsSync(out)) results = mergeResults(readResults(out), results)
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
    writeFileSync(out.replace(/\.json$/, '.md'), loadMarkdown(results))
    writeCharts(results)
    log(`wrote ${out}, its .md and the charts`)
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1])
  await main()
