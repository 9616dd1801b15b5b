/**
 * The canonical form of a document: plain JSON that two replicas produce identically exactly
 * when they show the same tree, sibling order, types, properties, text and formatting. Keys
 * are left out (order stands for them); properties are sorted; text is the Y.Text delta.
 */
import { type BlockId, ROOT_ID, TRASH_ID } from '../ids.js'
import type { PropValue } from '../ops.js'
import type { TextRun } from './texts.js'

export interface CanonicalBlock {
  id: BlockId
  type: string
  /** Keys sorted; the reserved `type` key is not repeated here. */
  props: Record<string, PropValue>
  /** The Y.Text delta; `[]` when the block has no text. */
  text: TextRun[]
  /** In sibling order (MOVE-4). */
  children: CanonicalBlock[]
}

export interface CanonicalDoc {
  root: CanonicalBlock[]
  trash: CanonicalBlock[]
}

export interface CanonicalSource {
  /** Children in sibling order. */
  children(id: BlockId): readonly BlockId[]
  type(id: BlockId): string
  /** Properties except `type`, keys sorted. */
  props(id: BlockId): Array<[string, PropValue]>
  text(id: BlockId): TextRun[]
}

const canonicalBlock = (source: CanonicalSource, id: BlockId): CanonicalBlock => ({
  id,
  type: source.type(id),
  props: Object.fromEntries(source.props(id)),
  text: source.text(id),
  children: source.children(id).map((child) => canonicalBlock(source, child)),
})

export const buildCanonical = (source: CanonicalSource): CanonicalDoc => ({
  root: source.children(ROOT_ID).map((id) => canonicalBlock(source, id)),
  trash: source.children(TRASH_ID).map((id) => canonicalBlock(source, id)),
})
