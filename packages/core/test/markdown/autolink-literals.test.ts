/**
 * The narrowed autolink-literal transform (autolink-literals.ts) gives the tree the transform of
 * mdast-util-gfm-autolink-literal gives over the whole tree.
 */
import { fromMarkdown } from 'mdast-util-from-markdown'
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { frontmatter } from 'micromark-extension-frontmatter'
import { gfm } from 'micromark-extension-gfm'
import { describe, expect, test } from 'vitest'
import { parseTree } from '../../src/markdown/parse.js'
import { readmes, specExamples } from './corpora.js'
import { SAMPLES } from './samples.js'

const unnarrowed = (text: string) =>
  fromMarkdown(text, {
    extensions: [gfm(), frontmatter(['yaml', 'toml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml', 'toml'])],
  })

/** GFM's autolink-literal examples and the places a literal can sit. */
const LITERALS = [
  'www.commonmark.org',
  'Visit www.commonmark.org/help for more information.',
  'Visit www.commonmark.org.\n\nVisit www.commonmark.org/a.b.',
  'www.google.com/search?q=Markup+(business)\n\nwww.google.com/search?q=Markup+(business)))',
  '(www.google.com/search?q=Markup+(business))\n\n(www.google.com/search?q=Markup+(business)',
  'www.google.com/search?q=(business))+ok',
  'www.google.com/search?q=commonmark&hl=en\n\nwww.google.com/search?q=commonmark&hl;',
  'www.commonmark.org/he<lp',
  'http://commonmark.org\n\n(Visit https://encrypted.google.com/search?q=Markup+(business))',
  'foo@bar.baz\n\nhello@mail+xyz.example isn’t valid, but hello+xyz@mail.example is.',
  'a.b-c_d@a.b\n\na.b-c_d@a.b.\n\na.b-c_d@a.b-\n\na.b-c_d@a.b_',
  'mailto:foo@bar.baz\n\nmailto:a.b-c_d@a.b\n\nxmpp:foo@bar.baz\n\nxmpp:foo@bar.baz/txt@bin',
  'HTTPS://EXAMPLE.COM and WWW.EXAMPLE.COM and x_www.example.com and 1www.example.com',
  '*emphasis www.example.com* and **strong https://a.b/c** and ~~gone foo@bar.baz~~',
  '[a link www.example.com](/u) and [ref https://a.b][r]\n\n[r]: /r',
  '# Heading www.example.com\n\n| a | b@c.de |\n| - | - |\n| https://x.y | z |',
  '> - quoted www.example.com\n>   - nested foo@bar.baz',
  '`code www.example.com` and <span>html www.example.com</span>',
  'www.example.com\\_with\\_escapes and https://a.b/c\\)d',
]

/** Literals only the transform finds (micromark's tokenizer wants a space or `*_~(` before). */
const TRANSFORM_ONLY = [
  'a&www.example.com',
  'a/foo@bar.baz',
  '*b-www.example.com*',
  '| a:www.x.org |\n| - |',
]

describe('the narrowed autolink-literal transform gives the same tree', () => {
  test('GFM autolink literals, in every kind of block', () => {
    for (const text of LITERALS) expect(parseTree(text), text).toEqual(unnarrowed(text))
  })

  test('literals only the transform finds are still found, in blocks at any depth', () => {
    for (const text of TRANSFORM_ONLY) {
      for (const wrapped of [text, `> - ${text.replace('\n', '\n>   ')}`]) {
        const tree = parseTree(wrapped)
        expect(JSON.stringify(tree), wrapped).toContain('"type":"link"')
        expect(tree, wrapped).toEqual(unnarrowed(wrapped))
      }
    }
  })

  test('every CommonMark spec example, sample and README', () => {
    const texts = [
      ...specExamples().map((t) => t.markdown),
      ...Object.values(SAMPLES),
      ...readmes().keys(),
    ]
    const differing = texts.filter(
      (text) => JSON.stringify(parseTree(text)) !== JSON.stringify(unnarrowed(text)),
    )
    expect(differing).toEqual([])
  })
})
