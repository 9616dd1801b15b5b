/**
 * Markdown import and export (issue 3): a generated 2,000-block document (headings,
 * paragraphs with inline formatting and links, lists, code fences, quotes), imported into a
 * fresh `DocumentReplica` and exported back, in milliseconds (lower is better). Loro has no
 * Markdown; the note gives the share of the import spent parsing to a block plan, before any
 * replica work. This workload guards the parse in pieces (markdown/chunks.ts) and the narrowed
 * autolink transform: without them the import took ~270 ms on a quiet machine.
 */
import { DocumentReplica, exportMarkdown, importMarkdown, parseMarkdown } from '@markdownsync/core'
import { repeat } from '../measure.js'
import type { Row } from '../report.js'
import type { Settings } from '../settings.js'

const SECTION = (i: number): string =>
  [
    `## Section ${i}`,
    `Some **bold** and *italic* text with a [link](https://example.com/${i}) and \`code\`.`,
    '- one\n- two',
    '```js\nconst a = 1\n```',
    `> A quote ${i}`,
  ].join('\n\n')

/** 250 sections of 8 blocks each. */
export const MARKDOWN_2000 = Array.from({ length: 250 }, (_, i) => SECTION(i)).join('\n\n')
const BUDGET_MS = 200
/**
 * Untimed runs before each measurement. An import still got faster over its first ~6 runs (V8
 * compiling micromark's many small state functions: 380, 220, 165, 135, 125, 110 ms, then
 * ~110), so two warm-ups left the tail of that in the median.
 */
const WARMUPS = 6

export const markdown = (settings: Settings): Row[] => {
  let replicaId = 1
  const importTimes = repeat(
    settings.repetitions,
    () => {
      const replica = new DocumentReplica({ replica: replicaId++ })
      const start = performance.now()
      const result = importMarkdown(MARKDOWN_2000, { replica })
      const ms = performance.now() - start
      if (!result.ok) throw new Error(`import failed: ${result.error.message}`)
      return { value: ms }
    },
    WARMUPS,
  )
  const parseTimes = repeat(
    settings.repetitions,
    () => {
      const start = performance.now()
      parseMarkdown(MARKDOWN_2000)
      return { value: performance.now() - start }
    },
    WARMUPS,
  )
  const source = new DocumentReplica({ replica: 999_999 })
  importMarkdown(MARKDOWN_2000, { replica: source })
  let length = 0
  const exportTimes = repeat(
    settings.repetitions,
    () => {
      const start = performance.now()
      length = exportMarkdown(source).length
      return { value: performance.now() - start }
    },
    WARMUPS,
  )
  const note = `2,000 blocks, ${MARKDOWN_2000.length.toLocaleString('en-US')} characters in, ${length.toLocaleString('en-US')} out`
  return [
    {
      id: 'markdown-import',
      label: 'Markdown import, 2,000 blocks',
      unit: 'ms (lower is better)',
      better: 'lower',
      ours: importTimes,
      loro: null,
      loroNote: 'no Markdown in Loro',
      targets: [{ text: `≤ ${BUDGET_MS} ms`, met: importTimes.median <= BUDGET_MS }],
      notes: [
        note,
        `parsing to a block plan (parseMarkdown, before any replica work): ${parseTimes.median.toFixed(0)} ms of it`,
      ],
    },
    {
      id: 'markdown-export',
      label: 'Markdown export, 2,000 blocks',
      unit: 'ms (lower is better)',
      better: 'lower',
      ours: exportTimes,
      loro: null,
      loroNote: 'no Markdown in Loro',
      targets: [{ text: `≤ ${BUDGET_MS} ms`, met: exportTimes.median <= BUDGET_MS }],
    },
  ]
}
