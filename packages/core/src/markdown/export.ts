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

class Exporter {
  constructor(private readonly source: MarkdownSource) {}

  phrasing(id: BlockId): PhrasingContent[] {
    return runsToPhrasing(this.source.delta(id))
  }

  flow(ids: readonly BlockId[]): Flow[] {
    const out: Flow[] = []
    for (const id of ids) this.block(id, out)
    return out
  }

  listItem(id: BlockId): ListItem {
    const p = this.source.props(id)
    const children: Flow[] = []
    if (this.source.type(id) === 'list_item') {
      const text = this.phrasing(id)
      if (text.length > 0) children.push({ type: 'paragraph', children: text })
      children.push(...this.flow(this.source.children(id)))
    } else this.block(id, children)
    return {
      type: 'listItem',
      spread: p.spread === true,
      checked: typeof p.checked === 'boolean' ? p.checked : null,
      children,
    }
  }

  tableRow(id: BlockId): TableRow {
    return {
      type: 'tableRow',
      children: this.source.children(id).map((cell) => ({
        type: 'tableCell',
        children: this.phrasing(cell),
      })),
    }
  }

  /** Appends the mdast of block `id` (and what it holds) to `out`. */
  block(id: BlockId, out: Flow[]): void {
    const s = this.source
    const p = s.props(id)
    const type = s.type(id)
    switch (type) {
      case 'heading':
        out.push({
          type: 'heading',
          depth: int(p.level, 1, 1, 6) as 1 | 2 | 3 | 4 | 5 | 6,
          children: this.phrasing(id),
        })
        break
      case 'paragraph':
        out.push({ type: 'paragraph', children: this.phrasing(id) })
        break
      case 'list': {
        const ordered = p.ordered === true
        out.push({
          type: 'list',
          ordered,
          start: ordered ? int(p.start, 1, 0, 999_999_999) : null,
          spread: p.spread === true,
          children: s.children(id).map((item) => this.listItem(item)),
        })
        return
      }
      case 'list_item':
        // an item outside a list gets a list of its own
        out.push({ type: 'list', ordered: false, spread: false, children: [this.listItem(id)] })
        return
      case 'code':
        out.push({
          type: 'code',
          lang: str(p.language),
          meta: str(p.meta),
          value: plainText(s.delta(id)),
        })
        break
      case 'quote':
        out.push({ type: 'blockquote', children: this.flow(s.children(id)) })
        return
      case 'table':
        out.push({
          type: 'table',
          align: align(p.align),
          children: s.children(id).map((row) => this.tableRow(row)),
        })
        return
      case 'image':
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
        const identifier = str(p.identifier) ?? id
        out.push({
          type: 'footnoteDefinition',
          identifier,
          label: str(p.label) ?? identifier,
          children: this.flow(s.children(id)),
        })
        return
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
        out.push(...this.flow(s.children(id)))
        if (notes !== null) out.push({ type: 'html', value: notes })
        return
      }
      default: {
        // an app's own block type: its text as a paragraph, its children after it
        const text = this.phrasing(id)
        if (text.length > 0) out.push({ type: 'paragraph', children: text })
      }
    }
    // children of a block Markdown gives no children (a paragraph, a heading…) follow it
    out.push(...this.flow(s.children(id)))
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
      this.block(child, out)
      children.push(...out)
    }
    return { type: 'root', children }
  }
}

/** Blocks → Markdown (CommonMark + GFM, front matter when given). */
export const exportMarkdown = (source: MarkdownSource, options: ExportOptions = {}): string => {
  const root = options.root ?? ROOT_ID
  const tree = new Exporter(source).root(root, options.frontMatter ?? null)
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
