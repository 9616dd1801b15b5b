/**
 * What the editor knows about block types (packages/core's Markdown mapping): which hold
 * text, which are containers of other blocks, which are atoms without text, and the choices
 * the block menu offers for "turn into".
 */
import type { BlockView } from '@markdownsync/sdk'

export type PropValue = BlockView['props'][string]
export type Props = Readonly<Record<string, PropValue>>

/** Blocks that only hold other blocks. */
const CONTAINERS = new Set(['list', 'quote', 'table', 'table_row', 'slide', 'footnote_definition'])

/** Blocks without text or children of their own: an image, a divider, a link definition. */
const ATOMS = new Set(['image', 'thematic_break', 'definition'])

/** Whether a block of this type has its own text (unknown types do: export keeps their text). */
export const hasText = (type: string): boolean => !CONTAINERS.has(type) && !ATOMS.has(type)

export const isAtom = (type: string): boolean => ATOMS.has(type)

/** Text that flows into its neighbours on Backspace and Delete (not code, cells or raw HTML). */
export const isFlowText = (type: string): boolean =>
  type === 'paragraph' || type === 'heading' || type === 'list_item'

/** The "turn into" choices of the block menu. */
export const KIND_CHOICES = [
  { id: 'paragraph', label: 'Text', icon: '¶' },
  { id: 'heading1', label: 'Heading 1', icon: 'H1' },
  { id: 'heading2', label: 'Heading 2', icon: 'H2' },
  { id: 'heading3', label: 'Heading 3', icon: 'H3' },
  { id: 'bullet', label: 'Bulleted list', icon: '•' },
  { id: 'ordered', label: 'Numbered list', icon: '1.' },
  { id: 'task', label: 'Task list', icon: '☐' },
  { id: 'quote', label: 'Quote', icon: '❝' },
  { id: 'code', label: 'Code', icon: '</>' },
] as const

export type KindChoice = (typeof KIND_CHOICES)[number]['id']

/** The menu choice a block is now, to mark it in the menu. */
export const currentKind = (
  type: string,
  props: Props,
  parentProps: Props | undefined,
): KindChoice | undefined => {
  switch (type) {
    case 'paragraph':
      return 'paragraph'
    case 'heading': {
      const level = props.level
      return level === 1
        ? 'heading1'
        : level === 2
          ? 'heading2'
          : level === 3
            ? 'heading3'
            : undefined
    }
    case 'list_item':
      if (typeof props.checked === 'boolean') return 'task'
      return parentProps?.ordered === true ? 'ordered' : 'bullet'
    case 'code':
      return 'code'
    default:
      return undefined
  }
}

/** Heading level from a block's props, clamped to 1–6 as export does. */
export const headingLevel = (props: Props): number => {
  const level = props.level
  return typeof level === 'number' && Number.isInteger(level) ? Math.min(6, Math.max(1, level)) : 1
}
