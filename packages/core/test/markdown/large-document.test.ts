/**
 * A 2,000-block document imports and round-trips. Its speed (the 200 ms budget) is a
 * benchmark's business, not a test's: tests never assert timings (see apps/docs/markdown.md
 * for the figures measured so far; issue 3 moves them into `pnpm bench:core`).
 */
import { expect, test } from 'vitest'
import { DocumentReplica, exportMarkdown, importMarkdown, ROOT_ID } from '../../src/index.js'

const SECTION = (i: number): string =>
  [
    `## Section ${i}`,
    `Some **bold** and *italic* text with a [link](https://example.com/${i}) and \`code\`.`,
    '- one\n- two',
    '```js\nconst a = 1\n```',
    `> A quote ${i}`,
  ].join('\n\n')

const countBlocks = (replica: DocumentReplica, id: string): number =>
  replica.children(id).reduce((n, child) => n + 1 + countBlocks(replica, child), 0)

test('a 2,000-block document imports, and its export is a fixed point', () => {
  // 8 blocks per section (the list holds two items, the quote a paragraph)
  const markdown = Array.from({ length: 250 }, (_, i) => SECTION(i)).join('\n\n')
  const replica = new DocumentReplica({ replica: 1 })
  expect(importMarkdown(markdown, { replica }).ok).toBe(true)
  expect(countBlocks(replica, ROOT_ID)).toBe(2000)
  const exported = exportMarkdown(replica)
  const again = new DocumentReplica({ replica: 2 })
  expect(importMarkdown(exported, { replica: again }).ok).toBe(true)
  expect(exportMarkdown(again)).toBe(exported)
})
