/** Percentiles, the console table and the JSON of the cursor benchmark. */
export interface Spread {
  readonly p50: number
  readonly p95: number
  readonly max: number
}

/** Nearest-rank percentiles of a sample (ms). */
export const spreadOf = (sample: readonly number[]): Spread => {
  const sorted = [...sample].sort((a, b) => a - b)
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN
  return { p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] ?? Number.NaN }
}

export interface Line {
  readonly pixelRatio: number
  readonly positions: 'range' | 'cached'
  readonly measure: string
  readonly canvas: Spread
  /** null: the measure has no DOM equivalent. */
  readonly dom: Spread | null
}

const ms = (value: number): string => (value >= 10 ? value.toFixed(1) : value.toFixed(2))
const triple = (s: Spread | null): string =>
  s === null ? 'n/a' : `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}`
/** How many times the DOM peer's figure is ours (p50 and p95). */
export const ratios = (line: Line): string =>
  line.dom === null
    ? '—'
    : `${(line.dom.p50 / line.canvas.p50).toFixed(1)}× / ${(line.dom.p95 / line.canvas.p95).toFixed(1)}×`

export const formatTable = (lines: readonly Line[]): string => {
  const rows = lines.map((l) => [
    String(l.pixelRatio),
    l.measure,
    triple(l.canvas),
    triple(l.dom),
    ratios(l),
  ])
  const header = [
    'DPR',
    'per frame (ms)',
    'canvas p50 / p95 / max',
    'DOM p50 / p95 / max',
    'DOM ÷ canvas (p50 / p95)',
  ]
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)))
  const render = (cells: string[]): string =>
    cells
      .map((cell, c) => (c >= 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(render)].join(
    '\n',
  )
}

/** The table of apps/docs/benchmarks.md ("Cursor canvas"), in Markdown. */
export const formatMarkdown = (lines: readonly Line[]): string => {
  const rows = lines.map((l) => [
    String(l.pixelRatio),
    l.positions === 'range' ? 'Range per caret' : 'cached',
    l.measure.split(': ')[1] ?? l.measure,
    triple(l.canvas),
    triple(l.dom),
    ratios(l),
  ])
  const header = [
    'DPR',
    'positions',
    'per frame (ms)',
    'canvas p50 / p95 / max',
    'DOM p50 / p95 / max',
    'DOM ÷ canvas (p50 / p95)',
  ]
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)))
  const right = (c: number): boolean => c === 0 || c >= 3
  const render = (cells: string[]): string =>
    `| ${cells.map((cell, c) => (right(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`
  const rule = `| ${widths.map((w, c) => (right(c) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`
  return [render(header), rule, ...rows.map(render)].join('\n')
}
