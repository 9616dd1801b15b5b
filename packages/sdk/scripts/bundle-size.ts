/**
 * The SDK's bundle size report: `pnpm --filter @markdownsync/sdk size` (after `build`).
 * Prints the table and writes it to bench/results/sdk-bundle.json; the main entry's budget is
 * checked by test/bundle-size.test.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { MAIN_ENTRY_BUDGET_GZIP, measureBundle } from './measure-bundle.js'

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`

const report = await measureBundle('dist')
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

const rows = report.parts.map((p) => [
  p.part,
  kB(p.minified),
  kB(p.gzip),
  kB(p.minifiedWithYjs),
  kB(p.gzipWithYjs),
])
const header = ['part', 'min', 'gzip', 'min + Yjs', 'gzip + Yjs']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (cells: readonly string[]): string =>
  `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
console.log(
  `@markdownsync/sdk ${manifest.version} (dist): esbuild ${report.esbuild}, browser, ESM, minified`,
)
console.log(line(header))
console.log(
  `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
)
for (const row of rows) console.log(line(row))
const main = report.parts.find((p) => p.part === 'main entry')!
console.log(
  `main entry: ${kB(main.gzip)} gzipped without Yjs, budget ${kB(MAIN_ENTRY_BUDGET_GZIP)} ` +
    `(${main.gzip <= MAIN_ENTRY_BUDGET_GZIP ? 'within' : 'OVER'})`,
)

const out = new URL('../../../bench/results/', import.meta.url)
mkdirSync(out, { recursive: true })
writeFileSync(
  new URL('sdk-bundle.json', out),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      sdk: manifest.version,
      ...report,
      mainEntryModules: undefined,
    },
    null,
    2,
  )}\n`,
)
console.log('written to bench/results/sdk-bundle.json')
