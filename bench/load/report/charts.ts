/**
 * Hand-made SVG line charts of the sweep for the docs' benchmark page: edit→peer latency and
 * server CPU against N, one line per system, both axes chosen to fit the data. A point where a
 * system stopped keeping up is drawn hollow.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { SystemName } from '../generator/config.js'
import type { LoadResults } from '../run.js'
import type { PointResult } from '../run-point.js'
import { saturation } from '../verdict.js'

const OUT = fileURLToPath(new URL('../../../apps/docs/public/bench/', import.meta.url))

const SERIES: ReadonlyArray<{ system: SystemName; label: string; color: string }> = [
  { system: 'ours', label: 'ours (designed)', color: '#4f46e5' },
  { system: 'naive', label: 'ours, naive fanout', color: '#d97706' },
  { system: 'yjs', label: 'Yjs reference (y-websocket)', color: '#059669' },
]

interface ChartSpec {
  readonly title: string
  readonly yLabel: string
  readonly log: boolean
  /** The figure; NaN leaves the point out (nothing was measured there). */
  readonly value: (p: PointResult) => number
  /** Dashed horizontal lines (targets, limits). */
  readonly marks?: ReadonlyArray<{ y: number; label: string }>
}

const W = 720
const H = 420
const M = { left: 70, right: 20, top: 40, bottom: 90 }
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')

const niceTicks = (max: number): number[] => {
  const step = 10 ** Math.floor(Math.log10(max / 4 || 1))
  const unit = [1, 2, 2.5, 5, 10].map((m) => m * step).find((s) => max / s <= 6) ?? step * 10
  return Array.from({ length: Math.floor(max / unit) + 1 }, (_, i) => i * unit)
}

export const lineChart = (points: readonly PointResult[], spec: ChartSpec): string => {
  const ns = [...new Set(points.map((p) => p.editors))].sort((a, b) => a - b)
  const values = points.map(spec.value).filter((v) => Number.isFinite(v) && v > 0)
  const marks = spec.marks ?? []
  const yMaxRaw = Math.max(1, ...values, ...marks.map((m) => m.y))
  const yMinRaw = spec.log ? Math.max(0.1, Math.min(...values, ...marks.map((m) => m.y))) : 0
  const yMax = spec.log
    ? 10 ** Math.ceil(Math.log10(yMaxRaw))
    : (niceTicks(yMaxRaw * 1.1).at(-1) ?? 1)
  const yMin = spec.log ? 10 ** Math.floor(Math.log10(yMinRaw)) : 0
  const plotW = W - M.left - M.right
  const plotH = H - M.top - M.bottom
  const x = (n: number) =>
    M.left +
    (ns.length <= 1 ? plotW / 2 : (Math.log(n / ns[0]!) / Math.log(ns.at(-1)! / ns[0]!)) * plotW)
  const y = (v: number) =>
    spec.log
      ? M.top + plotH - (Math.log10(Math.max(v, yMin) / yMin) / Math.log10(yMax / yMin)) * plotH
      : M.top + plotH - (v / yMax) * plotH
  const yTicks = spec.log
    ? Array.from({ length: Math.round(Math.log10(yMax / yMin)) + 1 }, (_, i) => yMin * 10 ** i)
    : niceTicks(yMax)
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12" role="img">`,
    `<title>${esc(spec.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${esc(spec.title)}</text>`,
  ]
  for (const t of yTicks) {
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e7eb"/>`,
      `<text x="${M.left - 8}" y="${y(t) + 4}" text-anchor="end" fill="#374151">${t.toLocaleString('en-US')}</text>`,
    )
  }
  for (const n of ns)
    out.push(
      `<line x1="${x(n)}" x2="${x(n)}" y1="${M.top}" y2="${M.top + plotH}" stroke="#f3f4f6"/>`,
      `<text x="${x(n)}" y="${M.top + plotH + 18}" text-anchor="middle" fill="#374151">${n.toLocaleString('en-US')}</text>`,
    )
  out.push(
    `<text x="${M.left + plotW / 2}" y="${M.top + plotH + 38}" text-anchor="middle" fill="#111827">editors N (log scale)</text>`,
    `<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#111827">${esc(spec.yLabel)}</text>`,
  )
  for (const m of marks)
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(m.y)}" y2="${y(m.y)}" stroke="#dc2626" stroke-dasharray="5 4"/>`,
      `<text x="${W - M.right - 4}" y="${y(m.y) - 5}" text-anchor="end" fill="#dc2626">${esc(m.label)}</text>`,
    )
  SERIES.forEach((series, i) => {
    const mine = points
      .filter((p) => p.system === series.system && Number.isFinite(spec.value(p)))
      .sort((a, b) => a.editors - b.editors)
    if (mine.length > 0) {
      const path = mine.map(
        (p, j) => `${j === 0 ? 'M' : 'L'}${x(p.editors).toFixed(1)},${y(spec.value(p)).toFixed(1)}`,
      )
      out.push(
        `<path d="${path.join(' ')}" fill="none" stroke="${series.color}" stroke-width="2"/>`,
      )
      for (const p of mine) {
        const failed = saturation(p).length > 0
        out.push(
          `<circle cx="${x(p.editors).toFixed(1)}" cy="${y(spec.value(p)).toFixed(1)}" r="4" fill="${failed ? 'white' : series.color}" stroke="${series.color}" stroke-width="2"/>`,
        )
      }
    }
    const lx = M.left + i * 220
    const ly = H - 22
    out.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${series.color}" stroke-width="2"/>`,
      `<text x="${lx + 28}" y="${ly + 4}" fill="#111827">${esc(series.label)}</text>`,
    )
  })
  out.push(
    `<text x="${M.left}" y="${H - 4}" fill="#6b7280">hollow point: the system no longer keeps up at that N</text>`,
    '</svg>',
  )
  return `${out.join('\n')}\n`
}

export const writeCharts = (results: LoadResults): void => {
  if (results.sweep.length === 0) return
  // the headline run is one more point of its system's line, unless the sweep measured that N
  const headline = results.headline
  const points =
    headline === null ||
    results.sweep.some((p) => p.system === headline.system && p.editors === headline.editors)
      ? results.sweep
      : [...results.sweep, headline]
  mkdirSync(OUT, { recursive: true })
  writeFileSync(
    `${OUT}load-latency.svg`,
    lineChart(points, {
      title: 'Text edit → peer latency, p99 (ms)',
      yLabel: 'p99 latency, ms (log scale)',
      log: true,
      value: (p) => (p.latencyMs.editText.count === 0 ? Number.NaN : p.latencyMs.editText.p99),
      marks: [{ y: 100, label: 'target at N = 1,000: 100 ms' }],
    }),
  )
  writeFileSync(
    `${OUT}load-cpu.svg`,
    lineChart(points, {
      title: 'Server CPU (cores of 2)',
      yLabel: 'server CPU, cores',
      log: false,
      value: (p) => p.server.cpuCores,
    }),
  )
  writeFileSync(
    `${OUT}load-messages.svg`,
    lineChart(points, {
      title: 'Messages received per client per second',
      yLabel: 'messages / client / s (log scale)',
      log: true,
      value: (p) => (p.outbound.perClient.mean > 0 ? p.outbound.perClient.mean : Number.NaN),
    }),
  )
}
