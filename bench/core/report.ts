/** The rows every workload returns, the console table and the JSON written to bench/results. */
import type { Summary } from './measure.js'

export interface Target {
  readonly text: string
  readonly met: boolean
}

export interface Row {
  readonly id: string
  readonly label: string
  readonly unit: string
  /** Whether a bigger figure is better (throughput) or a smaller one (key length). */
  readonly better: 'higher' | 'lower'
  readonly ours: Summary
  /** null: Loro has no equivalent here (the reason is in `loroNote`). */
  readonly loro: Summary | null
  readonly loroNote?: string
  readonly targets?: readonly Target[]
  readonly notes?: readonly string[]
}

export const ratioOf = (row: Row): number | null =>
  row.loro === null || row.loro.median === 0 ? null : row.ours.median / row.loro.median

export const formatFigure = (value: number): string => {
  if (value >= 100) return Math.round(value).toLocaleString('en-US')
  if (value >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

const formatSummary = (summary: Summary | null): string =>
  summary === null
    ? 'n/a'
    : `${formatFigure(summary.median)} ±${Math.round((summary.spread * 100) / 2)}%`

export const formatTargets = (row: Row): string =>
  (row.targets ?? []).map((t) => `${t.met ? '✓' : '✗'} ${t.text}`).join('; ')

export const formatRatio = (row: Row): string => {
  const ratio = ratioOf(row)
  return ratio === null ? '—' : `${ratio.toFixed(2)}×`
}

const pad = (text: string, width: number, right = false): string =>
  right ? text.padStart(width) : text.padEnd(width)

/** A plain-text table for the terminal. */
export const formatTable = (rows: readonly Row[]): string => {
  const lines = rows.map((row) => [
    row.label,
    row.unit,
    formatSummary(row.ours),
    formatSummary(row.loro),
    formatRatio(row),
    formatTargets(row),
  ])
  const header = ['workload', 'unit', 'ours (median ±½spread)', 'Loro', 'ours/Loro', 'target']
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)))
  const render = (cells: string[]): string =>
    cells.map((cell, c) => pad(cell, widths[c]!, c >= 2 && c <= 4)).join('  ')
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join(
    '\n',
  )
}

/** The serialisable form of a row. */
export const rowJson = (row: Row): Record<string, unknown> => ({
  id: row.id,
  label: row.label,
  unit: row.unit,
  better: row.better,
  ours: row.ours.median,
  loro: row.loro?.median ?? null,
  ratio: ratioOf(row),
  ...(row.targets === undefined ? {} : { targets: row.targets }),
  detail: {
    ours: row.ours,
    loro: row.loro,
    ...(row.loroNote === undefined ? {} : { loroNote: row.loroNote }),
    ...(row.notes === undefined ? {} : { notes: row.notes }),
  },
})
