/**
 * The SDK's size budget (STYLE "A size budget is a check"): what a browser app loads at start
 * — the main entry and its static imports, bundled by esbuild, minified, gzipped, Yjs left
 * out — stays within 25 kB, and carries none of the replica: no Yjs, no move tree, no Markdown
 * (those load in the worker, or in the inline engine's lazy chunk). Figures for every part:
 * `pnpm --filter @markdownsync/sdk size`.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type BundleReport,
  MAIN_ENTRY_BUDGET_GZIP,
  measureBundle,
  type PartSize,
} from '../scripts/measure-bundle.js'

let report: BundleReport
let main: PartSize
beforeAll(async () => {
  // the source, so that the check sees the code under test without a build
  report = await measureBundle('src')
  main = report.parts.find((p) => p.part === 'main entry')!
  console.log(
    report.parts
      .map((p) => `  ${p.part}: ${p.gzip} B gzipped (${p.gzipWithYjs} B with Yjs)`)
      .join('\n'),
  )
})

describe('bundle size', () => {
  it(`the main entry is at most ${MAIN_ENTRY_BUDGET_GZIP / 1000} kB gzipped (without Yjs)`, () => {
    expect(main.gzip).toBeLessThanOrEqual(MAIN_ENTRY_BUDGET_GZIP)
  })

  it('the main entry carries neither Yjs nor the replica, the move tree or the Markdown code', () => {
    const heavy = report.mainEntryModules.filter((path) =>
      /core\/dist\/(replica|tree|markdown)\/|\/(yjs|mdast-[\w-]+|micromark[\w-]*)\/|src\/engine\/inline-engine/.test(
        path,
      ),
    )
    expect(heavy).toEqual([])
  })
})
