/**
 * `pnpm bench:core`: every core workload on our code and on Loro, in one process, with the
 * same seeded choices; prints a table and writes bench/results/core.json. Figures are
 * reported, never asserted.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, platform, release, totalmem } from 'node:os'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatTable, type Row, rowJson } from './report.js'
import { SETTINGS } from './settings.js'
import { codec } from './workloads/codec.js'
import { inserts } from './workloads/inserts.js'
import { keyLengths } from './workloads/key-length.js'
import { localMoves } from './workloads/local-moves.js'
import { markdown } from './workloads/markdown.js'
import { merge } from './workloads/merge.js'
import { remoteMoves } from './workloads/remote-moves.js'
import { replica } from './workloads/replica.js'

const RESULTS = fileURLToPath(new URL('../results/core.json', import.meta.url))

const packageVersion = (name: string): string => {
  const url = new URL(`../node_modules/${name}/package.json`, import.meta.url)
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version
}

/**
 * The commit measured and, when the core's sources differed from it, a hash of that difference
 * (the core is built from the working tree, so the commit alone would not name what ran).
 */
const sourceState = (): { commit: string; coreDiff: string | null } | null => {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { encoding: 'utf8' })
    const commit = git('rev-parse', '--short', 'HEAD').trim()
    const diff = git('diff', 'HEAD', '--', '../packages/core/src')
    return {
      commit,
      coreDiff: diff === '' ? null : createHash('sha256').update(diff).digest('hex').slice(0, 12),
    }
  } catch {
    return null
  }
}

const WORKLOADS: Array<[string, () => Row | Row[]]> = [
  ['local-moves', () => localMoves(SETTINGS)],
  ['remote-moves', () => remoteMoves(SETTINGS)],
  ['inserts', () => inserts(SETTINGS)],
  ['key-length', () => keyLengths(SETTINGS)],
  ['codec', () => codec(SETTINGS)],
  ['merge', () => merge(SETTINGS)],
  ['replica', () => replica(SETTINGS)],
  ['markdown', () => markdown(SETTINGS)],
]

/**
 * `BENCH_ONLY=local-moves,merge` runs some workloads (to profile one with `node --cpu-prof`);
 * such a partial run, like a `BENCH_QUICK` one, prints its table but leaves the results file.
 */
const ONLY = process.env.BENCH_ONLY?.split(',').map((name) => name.trim())

const main = (): void => {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
    date: new Date().toISOString(),
  }
  process.stderr.write(
    `core bench on ${machine.cpu} (${machine.cores} cores), node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}${SETTINGS.quick ? ', QUICK sizes' : ''}\n`,
  )
  if (machine.loadAverageAtStart[0]! > machine.cores / 2) {
    process.stderr.write(
      `  the machine is busy (load ${machine.loadAverageAtStart[0]} on ${machine.cores} cores): expect noisy figures\n`,
    )
  }
  const rows: Row[] = []
  const started = performance.now()
  for (const [name, run] of WORKLOADS) {
    if (ONLY !== undefined && !ONLY.includes(name)) continue
    const t0 = performance.now()
    const result = run()
    rows.push(...(Array.isArray(result) ? result : [result]))
    process.stderr.write(`  ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
  }
  console.log(formatTable(rows))
  for (const row of rows) for (const note of row.notes ?? []) console.log(`- ${row.label}: ${note}`)
  // published figures come only from a full run at full size
  if (ONLY !== undefined || SETTINGS.quick) {
    process.stderr.write('partial or quick run: results file left as it was\n')
    return
  }
  const results = {
    machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))) },
    versions: {
      loro: packageVersion('loro-crdt'),
      core: packageVersion('@markdownsync/core'),
      source: sourceState(),
    },
    settings: SETTINGS,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    workloads: rows.map(rowJson),
  }
  mkdirSync(dirname(RESULTS), { recursive: true })
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`)
  process.stderr.write(`wrote ${RESULTS}\n`)
}

main()
