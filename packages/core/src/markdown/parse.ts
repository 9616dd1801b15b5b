/**
 * Markdown text → block plan, through micromark and mdast (CommonMark + GFM + front matter);
 * we never parse Markdown ourselves. Every decision of the mapping is in apps/docs/markdown.md.
 */
import type { List, ListItem, Nodes, Paragraph, Root, RootContent, Table } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { frontmatter } from 'micromark-extension-frontmatter'
import { gfm } from 'micromark-extension-gfm'
import type { PropValue } from '../ops.js'
import { narrowAutolinkLiterals } from './autolink-literals.js'
import { parseInChunks } from './chunks.js'
import {
  DEFAULT_MARKDOWN_LIMITS,
  type MarkdownLimits,
  type MarkdownResult,
  markdownError,
} from './errors.js'
import { phrasingToRuns } from './inline.js'
import type { BlockPlan, DocumentKind, FrontMatter, MarkdownPlan } from './plan.js'
import { takeSlideComments } from './slide-comments.js'

export interface ParseOptions {
  /** `slides`: every `---` (thematic break) at the top level separates two `slide` blocks. */
  readonly kind?: DocumentKind
  readonly limits?: Partial<MarkdownLimits>
}

const FRONT_MATTER = ['yaml', 'toml'] as const

const utf8 = new TextEncoder()

/** One micromark + mdast parse (CommonMark, GFM, front matter). */
export const parseTree = (text: string): Root =>
  fromMarkdown(text, {
    extensions: [gfm(), frontmatter([...FRONT_MATTER])],
    mdastExtensions: [
      ...narrowAutolinkLiterals(gfmFromMarkdown()),
      frontmatterFromMarkdown([...FRONT_MATTER]),
    ],
  })

/** Decodes and measures the input; bytes that are not UTF-8 are refused, never replaced. */
const decode = (input: string | Uint8Array, limits: MarkdownLimits): MarkdownResult<string> => {
  if (typeof input === 'string') {
    // a UTF-16 unit is at most 3 UTF-8 bytes, so short strings need no encoding to measure
    const bytes = input.length * 3 <= limits.maxBytes ? 0 : utf8.encode(input).length
    if (bytes > limits.maxBytes)
      return {
        ok: false,
        error: markdownError('too_large', `${bytes} bytes, the limit is ${limits.maxBytes}`),
      }
    return { ok: true, value: input }
  }
  if (input.length > limits.maxBytes)
    return {
      ok: false,
      error: markdownError('too_large', `${input.length} bytes, the limit is ${limits.maxBytes}`),
    }
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(input) }
  } catch {
    return { ok: false, error: markdownError('invalid_utf8', 'the input is not valid UTF-8') }
  }
}

/** The depth of the deepest node, walked without recursion so deep input cannot overflow. */
const exceedsDepth = (root: Nodes, maxDepth: number): number | undefined => {
  const stack: Array<[Nodes, number]> = [[root, 0]]
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item
    if (depth > maxDepth) return depth
    if ('children' in node) for (const child of node.children) stack.push([child, depth + 1])
  }
  return undefined
}

/**
 * An upper bound of the containers (block quotes, list items) a line can open: its quote and
 * list markers plus half its indentation (each nested list indents by 2 columns at least).
 * micromark's cost grows with depth × line length, so 100 KB of `>` would take minutes to
 * parse: input this deep is refused before parsing. The bound is loose (a line of code indented
 * by 2 × limit columns also counts), hence the factor 2 over `maxDepth` in `parseMarkdown`.
 */
const containerBound = (text: string, from: number, to: number): number => {
  let markers = 0
  let columns = 0
  let i = from
  while (i < to) {
    const c = text.charCodeAt(i)
    if (c === 0x20) columns++
    else if (c === 0x09) columns += 4
    else if (c === 0x3e)
      markers++ // >
    else if (c === 0x2d || c === 0x2a || c === 0x2b) {
      // - * + followed by a space: a bullet
      const next = text.charCodeAt(i + 1)
      if (next !== 0x20 && next !== 0x09) break
      markers++
    } else if (c >= 0x30 && c <= 0x39) {
      let j = i
      while (j < to && j - i < 9 && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++
      const delimiter = text.charCodeAt(j)
      const next = text.charCodeAt(j + 1)
      if ((delimiter !== 0x2e && delimiter !== 0x29) || (next !== 0x20 && next !== 0x09)) break
      markers++
      i = j
    } else break
    i++
  }
  return markers + Math.floor(columns / 2)
}

const deepestLine = (text: string): number => {
  let deepest = 0
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    deepest = Math.max(deepest, containerBound(text, start, end))
    start = end + 1
  }
  return deepest
}

/** A paragraph holding one image and nothing else is an image block. */
const isImageParagraph = (node: Paragraph): boolean =>
  node.children.length === 1 && node.children[0]?.type === 'image'

const props = (entries: Record<string, PropValue | null | undefined>): Record<string, PropValue> =>
  Object.fromEntries(
    Object.entries(entries).filter(([, v]) => v !== undefined && v !== null),
  ) as Record<string, PropValue>

const plan = (
  type: string,
  fields: Partial<Pick<BlockPlan, 'props' | 'text' | 'children'>> = {},
): BlockPlan => ({
  type,
  props: fields.props ?? {},
  text: fields.text ?? [],
  children: fields.children ?? [],
})

const listItem = (node: ListItem): BlockPlan => {
  // the item's own text is its first paragraph; everything after it are child blocks
  const [first, ...rest] = node.children
  const ownText = first?.type === 'paragraph'
  return plan('list_item', {
    props: props({ checked: node.checked, spread: node.spread ?? false }),
    text: ownText ? phrasingToRuns(first.children) : [],
    children: blocks(ownText ? rest : node.children),
  })
}

const list = (node: List): BlockPlan =>
  plan('list', {
    props: props({
      ordered: node.ordered ?? false,
      start: node.ordered === true ? (node.start ?? 1) : undefined,
      spread: node.spread ?? false,
    }),
    children: node.children.map(listItem),
  })

const table = (node: Table): BlockPlan =>
  plan('table', {
    props: { align: (node.align ?? []).map((a) => a ?? null) },
    children: node.children.map((row) =>
      plan('table_row', {
        children: row.children.map((cell) => plan('cell', { text: phrasingToRuns(cell.children) })),
      }),
    ),
  })

const block = (node: RootContent): BlockPlan | undefined => {
  switch (node.type) {
    case 'heading':
      return plan('heading', { props: { level: node.depth }, text: phrasingToRuns(node.children) })
    case 'paragraph': {
      const image = node.children[0]
      if (isImageParagraph(node) && image?.type === 'image')
        return plan('image', {
          props: props({ url: image.url, alt: image.alt ?? '', title: image.title }),
        })
      return plan('paragraph', { text: phrasingToRuns(node.children) })
    }
    case 'list':
      return list(node)
    case 'code':
      return plan('code', {
        props: props({ language: node.lang, meta: node.meta }),
        text: node.value === '' ? [] : [{ insert: node.value }],
      })
    case 'blockquote':
      return plan('quote', { children: blocks(node.children) })
    case 'table':
      return table(node)
    case 'thematicBreak':
      return plan('thematic_break')
    case 'html':
      return plan('html', { text: node.value === '' ? [] : [{ insert: node.value }] })
    case 'footnoteDefinition':
      return plan('footnote_definition', {
        props: props({ identifier: node.identifier, label: node.label }),
        children: blocks(node.children),
      })
    case 'definition':
      return plan('definition', {
        props: props({
          identifier: node.identifier,
          label: node.label,
          url: node.url,
          title: node.title,
        }),
      })
    default:
      // front matter is taken before; phrasing never sits at block level in a parsed tree
      return undefined
  }
}

const blocks = (nodes: readonly RootContent[]): BlockPlan[] => {
  const out: BlockPlan[] = []
  for (const node of nodes) {
    const planned = block(node)
    if (planned !== undefined) out.push(planned)
  }
  return out
}

/** Top-level blocks split at thematic breaks, one `slide` per part (at least one). */
const slides = (top: readonly BlockPlan[]): BlockPlan[] => {
  const out: BlockPlan[] = [plan('slide')]
  for (const b of top) {
    if (b.type === 'thematic_break') out.push(plan('slide'))
    else out[out.length - 1]?.children.push(b)
  }
  // speaker notes and layout directives become slide properties (slide-comments.ts)
  return out.map((slide) => ({
    ...slide,
    children: takeSlideComments(slide.props, slide.children),
  }))
}

/** Markdown → block plan, or a typed error for input we refuse. */
export const parseMarkdown = (
  input: string | Uint8Array,
  options: ParseOptions = {},
): MarkdownResult<MarkdownPlan> => {
  const limits: MarkdownLimits = { ...DEFAULT_MARKDOWN_LIMITS, ...options.limits }
  const decoded = decode(input, limits)
  if (!decoded.ok) return decoded
  if (deepestLine(decoded.value) > 2 * limits.maxDepth)
    return {
      ok: false,
      error: markdownError('too_deep', `nested deeper than ${limits.maxDepth} levels`),
    }
  let tree: Root
  try {
    tree = parseInChunks(decoded.value, parseTree)
  } catch (error) {
    // the mdast transforms (GFM autolinks) recurse over the tree: extreme nesting overflows
    // the stack before our own depth check can see it
    if (error instanceof RangeError)
      return {
        ok: false,
        error: markdownError('too_deep', `nested too deeply to parse (${error.message})`),
      }
    throw error
  }
  const depth = exceedsDepth(tree, limits.maxDepth)
  if (depth !== undefined)
    return {
      ok: false,
      error: markdownError('too_deep', `nested deeper than ${limits.maxDepth} levels`),
    }
  let frontMatter: FrontMatter | null = null
  const first = tree.children[0] as { type: string; value?: unknown } | undefined
  const rest = tree.children.slice()
  if ((first?.type === 'yaml' || first?.type === 'toml') && typeof first.value === 'string') {
    frontMatter = { format: first.type, value: first.value }
    rest.shift()
  }
  const top = blocks(rest)
  return {
    ok: true,
    value: { blocks: options.kind === 'slides' ? slides(top) : top, frontMatter },
  }
}
