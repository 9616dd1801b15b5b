/**
 * Parsing in top-level chunks (chunks.ts) gives the tree one parse of the whole text gives.
 * Pieces of 1 character make every candidate cut a real one, the hardest case.
 */
import type { Root } from 'mdast'
import { describe, expect, test } from 'vitest'
import { PIECE_CHARS, parseInChunks } from '../../src/markdown/chunks.js'
import { parseTree } from '../../src/markdown/parse.js'
import { withoutPositions } from './corpora.js'

const chunked = (text: string, pieceChars = 1): unknown =>
  withoutPositions(parseInChunks(text, parseTree, pieceChars))
const whole = (text: string): unknown => withoutPositions(parseTree(text))

const counting = (): { parse: (text: string) => Root; calls: () => number } => {
  let calls = 0
  return {
    parse: (text) => {
      calls++
      return parseTree(text)
    },
    calls: () => calls,
  }
}

describe('parsing in top-level chunks keeps the tree', () => {
  test('a long document is parsed in pieces of about PIECE_CHARS characters', () => {
    const text = Array.from({ length: 200 }, (_, i) => `## ${i}\n\n- a\n- b\n\n> q ${i}`).join(
      '\n\n',
    )
    const { parse, calls } = counting()
    expect(withoutPositions(parseInChunks(text, parse))).toEqual(whole(text))
    expect(calls()).toBeGreaterThanOrEqual(Math.floor(text.length / PIECE_CHARS) - 1)
  })

  test('a fenced code block holding blank lines and unindented lines is never cut', () => {
    const text = 'a\n\n```py\ndef f():\n    pass\n\ndef g():\n    pass\n\n# comment\n```\n\nb\n'
    expect(chunked(text)).toEqual(whole(text))
  })

  test('an unclosed fenced code block runs to the end of the document', () => {
    const text = 'a\n\n~~~\nx\n\ny\n\nz\n'
    expect(chunked(text)).toEqual(whole(text))
  })

  test('HTML blocks that span blank lines (comments, <pre>, <script>) are never cut', () => {
    const text = '<!--\na\n\nb\n-->\n\n<pre>\nc\n\nd\n</pre>\n\n<script>\ne\n\nf\n</script>\n\ng\n'
    expect(chunked(text)).toEqual(whole(text))
  })

  test('front matter holding a blank line and a `#` line stays front matter', () => {
    const text = '---\ntitle: x\n\n# a YAML comment\n---\n\n# Heading\n\nText\n'
    const tree = chunked(text) as { children: Array<{ type: string }> }
    expect(tree.children[0]?.type).toBe('yaml')
    expect(chunked(text)).toEqual(whole(text))
  })

  test('an unclosed front matter fence is never cut: while micromark tries it, no list opens', () => {
    // regression: SEED=4 of chunks.property.test.ts, where the whole parse has no list at all
    const text = '+++\n===\n\nText\n\n## Heading\n\n* a\n* b\n'
    expect(JSON.stringify(chunked(text))).not.toContain('"list"')
    expect(chunked(text)).toEqual(whole(text))
  })

  test('a list marker after a blank line continues the list, which becomes loose', () => {
    const text = '- a\n\n- b\n\n1. c\n\n2. d\n\n* e\n\nf\n'
    expect(chunked(text)).toEqual(whole(text))
  })

  test('references resolve to definitions in other pieces (links, images, footnotes)', () => {
    const text =
      'A [link][l], ![image][i], a [shortcut] and a note[^n].\n\n' +
      'Middle [Shortcut]\n\n' +
      '[l]: /l\n\n[i]: /i.png\n\n[shortcut]: /s "t"\n\n[^n]: The note.\n\nAfter [l] and [^n].\n'
    const tree = chunked(text)
    expect(JSON.stringify(tree)).not.toContain('[l]')
    expect(tree).toEqual(whole(text))
  })

  test('labels that differ in case and spacing resolve as in one parse', () => {
    const text =
      '[Foo  Bar] and [ẞ] and [foo*bar\\]]\n\nx\n\n[foo bar]: /a\n\n[SS]: /b\n\n[Foo*bar\\]]: /c\n'
    expect(chunked(text)).toEqual(whole(text))
  })

  test('more definitions than fit a piece still resolve everywhere', () => {
    const defs = Array.from({ length: 300 }, (_, i) => `[d${i}]: /u${i}`).join('\n')
    const body = Array.from({ length: 300 }, (_, i) => `See [x][d${i}] and [d${299 - i}].`)
    const text = `${body.join('\n\n')}\n\n${defs}\n`
    expect(chunked(text, 64)).toEqual(whole(text))
  })

  test('CRLF line endings cut like LF ones', () => {
    const text = Array.from({ length: 50 }, (_, i) => `# ${i}\r\n\r\n- a\r\n- b\r\n`).join('\r\n')
    expect(chunked(text)).toEqual(whole(text))
  })
})
