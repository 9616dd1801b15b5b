/**
 * Prints bench/results/core.json as the Markdown table of apps/docs/benchmarks.md, so the
 * published figures are copied from a run, not typed: `pnpm --filter @markdownsync/bench
 * bench:core:table`.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { formatFigure } from './report.js'

interface Figures {
  readonly median: number
  readonly min: number
  readonly max: number
}

interface Workload {
  readonly label: string
  readonly unit: string
  readonly ratio: number | null
  readonly targets?: ReadonlyArray<{ text: string; met: boolean }>
  readonly detail: {
    readonly ours: Figures
    readonly loro: Figures | null
    readonly loroNote?: string
  }
}

interface Results {
  readonly machine: Record<string, unknown> & {
    cpu: string
    cores: number
    node: string
    date: string
  }
  readonly versions: { loro: string; source: { commit: string; coreDiff: string | null } | null }
  readonly workloads: readonly Workload[]
}

const RESULTS = fileURLToPath(new URL('../results/core.json', import.meta.url))
const results = JSON.parse(readFileSync(RESULTS, 'utf8')) as Results

const figures = (f: Figures | null): string => {
  if (f === null) return 'n/a'
  if (f.min === f.max) return formatFigure(f.median)
  return `${formatFigure(f.median)} <small>(${formatFigure(f.min)}–${formatFigure(f.max)})</small>`
}

// a Loro figure that is not like-for-like carries a numbered footnote with the reason
const footnotes: string[] = []
const marker = (w: Workload): string => {
  const note = w.detail.loroNote
  if (w.detail.loro === null || note === undefined) return ''
  if (!footnotes.includes(note)) footnotes.push(note)
  return ` <sup>${footnotes.indexOf(note) + 1}</sup>`
}

const lines = [
  '| workload | unit | ours | Loro | ours / Loro | target |',
  '| --- | --- | ---: | ---: | ---: | --- |',
  ...results.workloads.map((w) =>
    [
      '',
      ` ${w.label} `,
      ` ${w.unit} `,
      ` ${figures(w.detail.ours)} `,
      ` ${figures(w.detail.loro)}${marker(w)} `,
      ` ${w.ratio === null ? '—' : `${w.ratio.toFixed(2)}×`} `,
      ` ${(w.targets ?? []).map((t) => `${t.met ? '✓' : '✗'} ${t.text}`).join('<br>')} `,
      '',
    ].join('|'),
  ),
]
const { machine, versions } = results
const source = versions.source
console.log(lines.join('\n'))
for (const [i, note] of footnotes.entries()) console.log(`\n<sup>${i + 1}</sup> Loro: ${note}.`)
console.log(
  `\nRun ${machine.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, loro-crdt ${versions.loro}` +
    (source === null
      ? ''
      : `, commit ${source.commit}${source.coreDiff === null ? '' : ` plus uncommitted core changes (diff ${source.coreDiff})`}`) +
    '.',
)
