/**
 * A block plan: the shape of the blocks a Markdown import will create, before they exist in a
 * replica. Plain data, so tests can compare it and an importer can apply it anywhere.
 */
import type { PropValue } from '../ops.js'
import type { TextRun } from '../replica/texts.js'

export interface BlockPlan {
  readonly type: string
  readonly props: Record<string, PropValue>
  /** `[]` for blocks without text. */
  readonly text: TextRun[]
  readonly children: BlockPlan[]
}

export type DocumentKind = 'doc' | 'slides'

/** Front matter is document metadata, not a block: it never renders inside the document. */
export interface FrontMatter {
  readonly format: 'yaml' | 'toml'
  /** The raw text between the fences. */
  readonly value: string
}

export interface MarkdownPlan {
  readonly blocks: BlockPlan[]
  readonly frontMatter: FrontMatter | null
}
