/**
 * Export of trees an app built deeper than import accepts: never a stack overflow; quotes, lists
 * and footnotes that would nest too deep are flattened, so the Markdown imports back.
 */
import { describe, expect, test } from 'vitest'
import {
  type BlockId,
  DEFAULT_MARKDOWN_LIMITS,
  DocumentReplica,
  exportMarkdown,
  importMarkdown,
  ROOT_ID,
} from '../../src/index.js'

const DEEP = 10_000
/** Re-importing 10,000 flattened levels takes seconds (each line holds ~55 markers): 1,000 do. */
const REIMPORTED = 1_000

/** The block texts (`p0`, `p1`, …) in the order the Markdown holds them. */
const inOrder = (markdown: string): string[] => markdown.match(/\bp\d+\b/g) ?? []

/** Every block's text, in document order (walked without recursion). */
const texts = (replica: DocumentReplica): string[] => {
  const out: string[] = []
  const stack: BlockId[] = [...replica.children(ROOT_ID)].reverse()
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (replica.text(id) !== '') out.push(replica.text(id))
    stack.push(...[...replica.children(id)].reverse())
  }
  return out
}

/** How many `type` blocks nest inside each other at most. */
const nesting = (replica: DocumentReplica, type: string): number => {
  let deepest = 0
  const stack: Array<[BlockId, number]> = [[ROOT_ID, 0]]
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [id, depth] = item
    deepest = Math.max(deepest, depth)
    for (const child of replica.children(id))
      stack.push([child, depth + (replica.type(child) === type ? 1 : 0)])
  }
  return deepest
}

const reimported = (markdown: string, maxDepth?: number): DocumentReplica => {
  const result = importMarkdown(markdown, maxDepth === undefined ? {} : { limits: { maxDepth } })
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value.replica
}

/** `depth` quotes, each holding a paragraph and the next quote. */
const nestedQuotes = (depth: number): DocumentReplica => {
  const replica = new DocumentReplica({ replica: 1 })
  let parent: BlockId = ROOT_ID
  for (let i = 0; i < depth; i++) {
    parent = replica.insertBlock({ parent, type: 'quote' }).op.block
    replica.insertBlock({ parent, type: 'paragraph', text: `p${i}` })
  }
  return replica
}

const expected = Array.from({ length: DEEP }, (_, i) => `p${i}`)

describe('export of trees deeper than import accepts', () => {
  test(`${DEEP} nested quotes export without overflowing the stack, every text kept`, () => {
    const markdown = exportMarkdown(nestedQuotes(DEEP))
    expect(inOrder(markdown)).toEqual(expected)
  })

  test(`${REIMPORTED} nested quotes are flattened below the import limit and import back`, () => {
    const back = reimported(exportMarkdown(nestedQuotes(REIMPORTED)))
    expect(texts(back)).toEqual(expected.slice(0, REIMPORTED))
    const quotes = nesting(back, 'quote')
    expect(quotes).toBeGreaterThan(DEFAULT_MARKDOWN_LIMITS.maxDepth - 12)
    expect(quotes).toBeLessThan(DEFAULT_MARKDOWN_LIMITS.maxDepth)
  })

  test(`${DEEP} nested list items export, and ${REIMPORTED} import back`, () => {
    const nestedItems = (depth: number): DocumentReplica => {
      const replica = new DocumentReplica({ replica: 2 })
      let parent: BlockId = ROOT_ID
      for (let i = 0; i < depth; i++) {
        const list = replica.insertBlock({ parent, type: 'list', props: { ordered: false } })
        parent = replica.insertBlock({ parent: list.op.block, type: 'list_item', text: `p${i}` }).op
          .block
      }
      return replica
    }
    expect(inOrder(exportMarkdown(nestedItems(DEEP)))).toEqual(expected)
    const back = reimported(exportMarkdown(nestedItems(REIMPORTED)))
    expect(texts(back)).toEqual(expected.slice(0, REIMPORTED))
  })

  test(`${DEEP} paragraphs, each the child of the one before, export as ${DEEP} paragraphs`, () => {
    const replica = new DocumentReplica({ replica: 3 })
    let parent: BlockId = ROOT_ID
    for (let i = 0; i < DEEP; i++)
      parent = replica.insertBlock({ parent, type: 'paragraph', text: `p${i}` }).op.block
    const markdown = exportMarkdown(replica)
    expect(markdown).toBe(`${expected.join('\n\n')}\n`)
  })

  test(`${DEEP} nested footnotes and slides export without overflowing the stack`, () => {
    const replica = new DocumentReplica({ replica: 4 })
    let parent: BlockId = ROOT_ID
    for (let i = 0; i < DEEP; i++) {
      const [type, props] =
        i % 2 === 0
          ? ['footnote_definition', { identifier: `f${i}` }]
          : ['slide', { notes: `n${i}` }]
      parent = replica.insertBlock({ parent, type, props }).op.block
      replica.insertBlock({ parent, type: 'paragraph', text: `p${i}` })
    }
    expect(inOrder(exportMarkdown(replica))).toEqual(expected)
  })

  test('a tree at the depth limit exports whole; one level deeper is flattened', () => {
    // 10 quotes: the text of the innermost paragraph sits at depth 12 (quotes 1–10, paragraph 11)
    const atLimit = reimported(exportMarkdown(nestedQuotes(10), { maxDepth: 12 }), 12)
    expect(nesting(atLimit, 'quote')).toBe(10)
    const over = reimported(exportMarkdown(nestedQuotes(11), { maxDepth: 12 }), 12)
    // flattened: a quote opens only where a table inside it would still fit (8 levels)
    expect(nesting(over, 'quote')).toBe(3)
    expect(texts(over)).toEqual(expected.slice(0, 11))
  })
})
