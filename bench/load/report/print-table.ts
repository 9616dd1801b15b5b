/**
 * Prints bench/results/load.json as the Markdown of the docs' load benchmark section, so the
 * published figures are copied from a run: `pnpm --filter @markdownsync/bench bench:load:table`.
 * `--write` also rewrites `load.md` and the SVG charts from the JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { LoadResults } from '../run.js'
import { writeCharts } from './charts.js'
import { loadMarkdown } from './markdown.js'

const write = process.argv.includes('--write')
const name = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'results/load.json'
const file = fileURLToPath(new URL(`../../${name}`, import.meta.url))
const results = JSON.parse(readFileSync(file, 'utf8')) as LoadResults
const markdown = loadMarkdown(results)
process.stdout.write(markdown)
if (write) {
  writeFileSync(file.replace(/\.json$/, '.md'), markdown)
  writeCharts(results)
}
