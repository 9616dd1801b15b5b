/**
 * Heading sections: the boundaries a doc is partitioned by (DESIGN: partitions hold a
 * contiguous run of blocks, by heading section for docs). A section starts at each top-level
 * heading of level ≤ `maxLevel` and runs to the next one; blocks before the first heading
 * form a preamble section whose heading is null.
 */
import { type BlockId, ROOT_ID } from '../ids.js'
import type { MarkdownSource } from './export.js'

export interface HeadingSection {
  /** The heading that opens the section; null for the preamble. */
  readonly heading: BlockId | null
  /** The heading's level; 0 for the preamble. */
  readonly level: number
  /** Index of the section's first block among the parent's children. */
  readonly start: number
  /** Index one past its last block. */
  readonly end: number
  readonly blocks: BlockId[]
}

export interface SectionOptions {
  readonly parent?: BlockId
  /** Headings deeper than this do not open a section. Default 6: every heading does. */
  readonly maxLevel?: number
}

export const headingSections = (
  source: Pick<MarkdownSource, 'children' | 'type' | 'props'>,
  options: SectionOptions = {},
): HeadingSection[] => {
  const maxLevel = options.maxLevel ?? 6
  const children = source.children(options.parent ?? ROOT_ID)
  const sections: HeadingSection[] = []
  let current: { heading: BlockId | null; level: number; start: number } | undefined
  const close = (end: number): void => {
    if (current !== undefined && end > current.start)
      sections.push({ ...current, end, blocks: children.slice(current.start, end) })
  }
  children.forEach((id, index) => {
    const level = source.props(id).level
    if (source.type(id) === 'heading' && typeof level === 'number' && level <= maxLevel) {
      close(index)
      current = { heading: id, level, start: index }
    } else if (current === undefined) current = { heading: null, level: 0, start: index }
  })
  close(children.length)
  return sections
}
