import { describe, expect, test } from 'vitest'
import {
  type BlockPlan,
  DocumentReplica,
  INLINE_OBJECT,
  importMarkdown,
  parseMarkdown,
  ROOT_ID,
} from '../../src/index.js'

const blocksOf = (md: string, kind: 'doc' | 'slides' = 'doc'): BlockPlan[] => {
  const result = parseMarkdown(md, { kind })
  if (!result.ok) throw new Error(result.error.message)
  return result.value.blocks
}

const only = (md: string): BlockPlan => {
  const [block] = blocksOf(md)
  if (block === undefined) throw new Error('no block')
  return block
}

describe('Markdown import: blocks', () => {
  test('a heading keeps its level and its formatted text', () => {
    expect(only('## Hello *world*')).toEqual({
      type: 'heading',
      props: { level: 2 },
      text: [{ insert: 'Hello ' }, { insert: 'world', attributes: { italic: true } }],
      children: [],
    })
  })

  test('a list is a list block whose items carry their first paragraph as text', () => {
    const list = only('1. [x] done\n\n   more\n2. [ ] todo\n   - sub')
    expect(list.type).toBe('list')
    expect(list.props).toEqual({ ordered: true, start: 1, spread: false })
    expect(list.children.map((i) => [i.type, i.props.checked, i.text[0]?.insert])).toEqual([
      ['list_item', true, 'done'],
      ['list_item', false, 'todo'],
    ])
    expect(list.children[0]?.children.map((c) => c.type)).toEqual(['paragraph'])
    expect(list.children[1]?.children.map((c) => c.type)).toEqual(['list'])
  })

  test('a fenced code block keeps its language, meta and text', () => {
    expect(only('```ts twoslash\nlet a = 1\n```')).toEqual({
      type: 'code',
      props: { language: 'ts', meta: 'twoslash' },
      text: [{ insert: 'let a = 1' }],
      children: [],
    })
  })

  test('block quotes nest as quote blocks with children', () => {
    const quote = only('> a\n> > b')
    expect(quote.type).toBe('quote')
    expect(quote.children.map((c) => c.type)).toEqual(['paragraph', 'quote'])
  })

  test('a table is table > table_row > cell, with its alignment', () => {
    const table = only('| a | b |\n|:-|-:|\n| **1** | 2 |')
    expect(table.props).toEqual({ align: ['left', 'right'] })
    expect(table.children.map((r) => r.children.map((c) => c.text))).toEqual([
      [[{ insert: 'a' }], [{ insert: 'b' }]],
      [[{ insert: '1', attributes: { bold: true } }], [{ insert: '2' }]],
    ])
  })

  test('a paragraph holding only an image is an image block', () => {
    expect(only('![Alt](/a.png "T")')).toEqual({
      type: 'image',
      props: { url: '/a.png', alt: 'Alt', title: 'T' },
      text: [],
      children: [],
    })
  })

  test('thematic breaks, html blocks and footnote definitions map to their blocks', () => {
    expect(blocksOf('***\n\n<div>\nx\n</div>\n\n[^n]: Note').map((b) => b.type)).toEqual([
      'thematic_break',
      'html',
      'footnote_definition',
    ])
  })
})

describe('Markdown import: inline formatting', () => {
  test('marks become Y.Text attributes', () => {
    expect(only('**b** *i* `c` ~~s~~ [l](/u "t")').text).toEqual([
      { insert: 'b', attributes: { bold: true } },
      { insert: ' ' },
      { insert: 'i', attributes: { italic: true } },
      { insert: ' ' },
      { insert: 'c', attributes: { code: true } },
      { insert: ' ' },
      { insert: 's', attributes: { strike: true } },
      { insert: ' ' },
      { insert: 'l', attributes: { link: { href: '/u', title: 't' } } },
    ])
  })

  test('an inline image is one object character carrying the image', () => {
    expect(only('see ![a](/i.png)').text).toEqual([
      { insert: 'see ' },
      { insert: INLINE_OBJECT, attributes: { image: { url: '/i.png', alt: 'a' } } },
    ])
  })

  test('a hard break is a newline marked as a break', () => {
    expect(only('a\\\nb').text).toEqual([
      { insert: 'a' },
      { insert: '\n', attributes: { break: true } },
      { insert: 'b' },
    ])
  })
})

describe('Markdown import: documents and decks', () => {
  test('import creates blocks with new ids in a replica, in document order', () => {
    const replica = new DocumentReplica({ replica: 1 })
    const result = importMarkdown('# A\n\ntext', { replica })
    if (!result.ok) throw new Error(result.error.message)
    expect(replica.children(ROOT_ID)).toEqual(result.value.blocks)
    expect(result.value.blocks.map((id) => replica.type(id))).toEqual(['heading', 'paragraph'])
  })

  test('importing twice gives the same tree under different ids', () => {
    const a = importMarkdown('# A\n\n- b')
    const b = importMarkdown('# A\n\n- b')
    if (!a.ok || !b.ok) throw new Error('import failed')
    expect(a.value.blocks).not.toEqual(b.value.blocks)
    expect(a.value.blocks.map((id) => a.value.replica.type(id))).toEqual(
      b.value.blocks.map((id) => b.value.replica.type(id)),
    )
  })

  test('in a deck, `---` separates slides and each slide holds its blocks', () => {
    const slides = blocksOf('# One\n\ntext\n\n---\n\n# Two', 'slides')
    expect(slides.map((s) => [s.type, s.children.map((c) => c.type)])).toEqual([
      ['slide', ['heading', 'paragraph']],
      ['slide', ['heading']],
    ])
  })

  test('front matter is metadata, not a block', () => {
    const result = parseMarkdown('---\ntitle: T\n---\n\n# Body')
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.frontMatter).toEqual({ format: 'yaml', value: 'title: T' })
    expect(result.value.blocks.map((b) => b.type)).toEqual(['heading'])
  })
})
