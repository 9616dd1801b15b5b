/**
 * Markdown export: blocks → mdast → text with mdast-util-to-markdown (+ GFM, front matter).
 * Export reads through `MarkdownSource`, which a `DocumentReplica` satisfies.
 *
 * Blocks Markdown cannot hold where they are (children of a paragraph, a bare `list_item`,
 * block types we do not know) are exported as near as Markdown allows: see markdown.md.
 */
import type {
  BlockContent,
  DefinitionContent,
  ListItem,
  PhrasingContent,
  Root,
  RootContent,
  TableRow,
} from 'mdast'
import { frontmatterToMarkdown } from 'mdast-util-frontmatter'
import { gfmToMarkdown } from 'mdast-util-gfm'
import { toMarkdown } from 'mdast-util-to-markdown'
import { type BlockId, ROOT_ID } from '../ids.js'
import type { PropValue } from '../ops.js'
import type { TextRun } from '../replica/texts.js'
import { DEFAULT_MARKDOWN_LIMITS } from './errors.js'
import { runsToPhrasing } from './inline.js'
import type { FrontMatter } from './plan.js'
import { slideComments } from './slide-comments.js'

export interface MarkdownSource {
  children(id: BlockId): readonly BlockId[]
  type(id: BlockId): string
  props(id: BlockId): Record<string, PropValue>
  delta(id: BlockId): TextRun[]
}

export interface ExportOptions {
  /** The block whose children are exported. Default: the document root. */
  readonly root?: BlockId
  readonly frontMatter?: FrontMatter | null
  /**
   * Deepest nesting written, counted as import counts it (blocks and inline formatting
   * together); deeper quotes, lists and footnotes are flattened. Default: the import limit, so
   * the Markdown imports back.
   */
  readonly maxDepth?: number
}

type Flow = BlockContent | DefinitionContent

const plainText = (runs: readonly TextRun[]): string => runs.map((r) => r.insert).join('')

const str = (value: PropValue | undefined): string | null =>
  typeof value === 'string' ? value : null

const int = (value: PropValue | undefined, fallback: number, min: number, max: number): number =>
  typeof value === 'number' && Number.isInteger(value)
    ? Math.min(max, Math.max(min, value))
    : fallback

const ALIGNS = new Set(['left', 'right', 'center'])
const align = (value: PropValue | undefined): Array<'left' | 'right' | 'center' | null> =>
  Array.isArray(value)
    ? value.map((a) =>
        typeof a === 'string' && ALIGNS.has(a) ? (a as 'left' | 'right' | 'center') : null,
      )
    : []

/**
 * The deepest node of the exported tree lies at most this many levels below a block that holds
 * phrasing: a table's cell text (table → row → cell → link, strike, bold, italic, reference link
 * → text). Flattening keeps every block at least this far from the limit.
 */
const LEAF_LEVELS = 8

/** The tree is deeper than the limit; thrown and caught inside `exportMarkdown` only. */
class TooDeep extends Error {}

/** How many levels phrasing content adds below its parent (runsToPhrasing nests ≤ 6). */
const height = (nodes: readonly PhrasingContent[]): number => {
  let deepest = 0
  for (const node of nodes)
    deepest = Math.max(deepest, 1 + ('children' in node ? height(node.children) : 0))
  return deepest
}

/** What `flow` still has to write: a block, or a node made already (a slide's notes). */
type Pending = BlockId | Flow

/**
 * Blocks → mdast. `depth` is the depth of the nodes a method appends (the root's children are
 * at 1), counted as the importer counts it. Exported by itself, a tree deeper than `maxDepth`
 * is refused (`TooDeep`); with `flatten`, a quote, list or footnote that would take its content
 * too deep is dissolved instead: its content follows in the container it would have been in.
 * Only containers recurse, so the stack stays within `maxDepth` levels; blocks that follow
 * another (the children of a paragraph, a dissolved container) go through `flow`'s own stack.
 */
class Exporter {
  constructor(
    private readonly source: MarkdownSource,
    private readonly maxDepth: number,
    private readonly flatten: boolean,
  ) {}

  /** Refuses a node at `depth` beyond the limit (when not flattening). */
  private check(depth: number): void {
    if (!this.flatten && depth > this.maxDepth) throw new TooDeep()
  }

  /** Whether a container at `depth` may hold content `levels` below it (when flattening). */
  private opens(depth: number, levels: number): boolean {
    return !this.flatten || depth + levels + LEAF_LEVELS <= this.maxDepth
  }

  /** The block's text as the children of a node at `depth`. */
  phrasing(id: BlockId, depth: number): PhrasingContent[] {
    const nodes = runsToPhrasing(this.source.delta(id))
    this.check(depth + height(nodes))
    return nodes
  }

  /** Appends the mdast of the blocks `ids`, and of what follows each, to `out`. */
  flow(ids: readonly BlockId[], out: Flow[], depth: number): void {
    const pending: Pending[] = [...ids].reverse()
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (typeof next !== 'string') {
        out.push(next)
        continue
      }
      const follow = this.block(next, out, depth)
      for (let i = follow.length - 1; i >= 0; i--) pending.push(follow[i] as Pending)
    }
  }

  listItem(id: BlockId, depth: number): ListItem {
    this.check(depth)
    const p = this.source.props(id)
    const children: Flow[] = []
    if (this.source.type(id) === 'list_item') {
      const text = this.phrasing(id, depth + 1)
      if (text.length > 0) children.push({ type: 'paragraph', children: text })
      this.flow(this.source.children(id), children, depth + 1)
    } else this.flow([id], children, depth + 1)
    return {
      type: 'listItem',
      spread: p.spread === true,
      checked: typeof p.checked === 'boolean' ? p.checked : null,
      children,
    }
  }

  tableRow(id: BlockId, depth: number): TableRow {
    this.check(depth)
    return {
      type: 'tableRow',
      children: this.source.children(id).map((cell) => ({
        type: 'tableCell',
        children: this.phrasing(cell, depth + 1),
      })),
    }
  }

  /** A dissolved block: its text as a paragraph, then its children. */
  private dissolve(id: BlockId, out: Flow[], depth: number): readonly Pending[] {
    const text = this.phrasing(id, depth)
    if (text.length > 0) out.push({ type: 'paragraph', children: text })
    return this.source.children(id)
  }

  /**
   * Appends the mdast of block `id` to `out`; returns the blocks (or nodes) that follow it at
   * the same depth, which `flow` writes next.
   */
  block(id: BlockId, out: Flow[], depth: number): readonly Pending[] {
    const s = this.source
    const p = s.props(id)
    const type = s.type(id)
    this.check(depth)
    switch (type) {
      case 'heading':
        out.push({
          type: 'heading',
          depth: int(p.level, 1, 1, 6) as 1 | 2 | 3 | 4 | 5 | 6,
          children: this.phrasing(id, depth),
        })
        break
      case 'paragraph':
        out.push({ type: 'paragraph', children: this.phrasing(id, depth) })
        break
      case 'list': {
        // dissolved, its items follow, and each dissolves as a lone item does
        if (!this.opens(depth, 2)) return s.children(id)
        const ordered = p.ordered === true
        out.push({
          type: 'list',
          ordered,
          start: ordered ? int(p.start, 1, 0, 999_999_999) : null,
          spread: p.spread === true,
          children: s.children(id).map((item) => this.listItem(item, depth + 1)),
        })
        return []
      }
      case 'list_item':
        if (!this.opens(depth, 2)) return this.dissolve(id, out, depth)
        // an item outside a list gets a list of its own
        out.push({
          type: 'list',
          ordered: false,
          spread: false,
          children: [this.listItem(id, depth + 1)],
        })
        return []
      case 'code':
        out.push({
          type: 'code',
          lang: str(p.language),
          meta: str(p.meta),
          value: plainText(s.delta(id)),
        })
        break
      case 'quote': {
        if (!this.opens(depth, 1)) return s.children(id)
        const children: Flow[] = []
        this.flow(s.children(id), children, depth + 1)
        out.push({ type: 'blockquote', children })
        return []
      }
      case 'table':
        out.push({
          type: 'table',
          align: align(p.align),
          children: s.children(id).map((row) => this.tableRow(row, depth + 1)),
        })
        return []
      case 'image':
        this.check(depth + 1)
        out.push({
          type: 'paragraph',
          children: [
            { type: 'image', url: str(p.url) ?? '', alt: str(p.alt) ?? '', title: str(p.title) },
          ],
        })
        break
      case 'thematic_break':
        out.push({ type: 'thematicBreak' })
        break
      case 'html':
        out.push({ type: 'html', value: plainText(s.delta(id)) })
        break
      case 'footnote_definition': {
        if (!this.opens(depth, 1)) return s.children(id)
        const identifier = str(p.identifier) ?? id
        const children: Flow[] = []
        this.flow(s.children(id), children, depth + 1)
        out.push({
          type: 'footnoteDefinition',
          identifier,
          label: str(p.label) ?? identifier,
          children,
        })
        return []
      }
      case 'definition': {
        const identifier = str(p.identifier) ?? id
        out.push({
          type: 'definition',
          identifier,
          label: str(p.label) ?? identifier,
          url: str(p.url) ?? '',
          title: str(p.title),
        })
        break
      }
      case 'slide': {
        const { directives, notes } = slideComments(p)
        for (const value of directives) out.push({ type: 'html', value })
        // the notes come after everything the slide holds
        const children: Pending[] = [...s.children(id)]
        if (notes !== null) children.push({ type: 'html', value: notes })
        return children
      }
      default:
        // an app's own block type: its text as a paragraph, its children after it
        return this.dissolve(id, out, depth)
    }
    // children of a block Markdown gives no children (a paragraph, a heading…) follow it
    return s.children(id)
  }

  root(id: BlockId, frontMatter: FrontMatter | null): Root {
    const children: RootContent[] = []
    if (frontMatter !== null)
      children.push({ type: frontMatter.format, value: frontMatter.value } as RootContent)
    // slides are separated by `---`; a slide's own blocks never hold a top-level break
    let slide = 0
    for (const child of this.source.children(id)) {
      if (this.source.type(child) === 'slide' && slide++ > 0)
        children.push({ type: 'thematicBreak' })
      const out: Flow[] = []
      this.flow([child], out, 1)
      children.push(...out)
    }
    return { type: 'root', children }
  }
}

/** Blocks → Markdown (CommonMark + GFM, front matter when given). */
export const exportMarkdown = (source: MarkdownSource, options: ExportOptions = {}): string => {
  const root = options.root ?? ROOT_ID
  const frontMatter = options.frontMatter ?? null
  const maxDepth = options.maxDepth ?? DEFAULT_MARKDOWN_LIMITS.maxDepth
  let tree: Root
  try {
    tree = new Exporter(source, maxDepth, false).root(root, frontMatter)
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error
    // nested deeper than an import accepts (only an app can build that): flattened so that the
    // Markdown stays small and imports back, instead of failing (markdown.md, Decisions)
    tree = new Exporter(source, maxDepth, true).root(root, frontMatter)
  }
  // decks separate slides with `---`, as slide tools do; elsewhere `***`, which a reader can
  // never take for front matter or a setext underline
  const slides = source.children(root).some((id) => source.type(id) === 'slide')
  return toMarkdown(tree, {
    bullet: '-',
    rule: slides && tree.children[0]?.type !== 'thematicBreak' ? '-' : '*',
    fences: true,
    extensions: [gfmToMarkdown(), frontmatterToMarkdown(['yaml', 'toml'])],
  })
}
