/**
 * Speaker notes and per-slide layout in decks, the Marp convention: inside a slide, an HTML
 * comment of the form `<!-- key: value -->` with a known directive key sets that slide
 * property (`layout`, `class`, `paginate`, …); any other comment is the slide's speaker notes.
 * Export writes the directives at the top of the slide and the notes as one comment at its end,
 * so a deck round-trips. Notes or values that cannot live inside a comment (containing `-->`,
 * or a value spanning lines) stay ordinary HTML blocks.
 */
import type { PropValue } from '../ops.js'
import type { BlockPlan } from './plan.js'

/** Slide directives kept as slide properties (Marp's and Slidev's per-slide settings). */
export const SLIDE_DIRECTIVES = [
  'layout',
  'class',
  '_class',
  'paginate',
  '_paginate',
  'header',
  '_header',
  'footer',
  '_footer',
  'backgroundColor',
  '_backgroundColor',
  'backgroundImage',
  '_backgroundImage',
  'color',
  '_color',
  'transition',
] as const

/** The slide property that holds speaker notes. */
export const NOTES_PROPERTY = 'notes'

const COMMENT = /^<!--([\s\S]*)-->$/
const DIRECTIVE = /^\s*([A-Za-z_][A-Za-z]*)\s*:\s*([^\n]*?)\s*$/
const isDirective = (key: string): boolean => (SLIDE_DIRECTIVES as readonly string[]).includes(key)

/** Moves a slide's comment blocks into its properties; returns the blocks that stay. */
export const takeSlideComments = (
  props: Record<string, PropValue>,
  blocks: readonly BlockPlan[],
): BlockPlan[] => {
  const kept: BlockPlan[] = []
  const notes: string[] = []
  for (const block of blocks) {
    const html = block.type === 'html' ? block.text.map((run) => run.insert).join('') : ''
    const body = COMMENT.exec(html.trim())?.[1]
    if (body === undefined || body.includes('-->')) {
      kept.push(block)
      continue
    }
    const directive = DIRECTIVE.exec(body)
    if (directive !== null && isDirective(directive[1]!) && !(directive[1]! in props)) {
      props[directive[1]!] = directive[2]!
    } else if (body.trim() !== '') {
      notes.push(body.trim())
    } else {
      kept.push(block)
    }
  }
  if (notes.length > 0) props[NOTES_PROPERTY] = notes.join('\n\n')
  return kept
}

/** The comments export writes for a slide: directives first, notes last. */
export const slideComments = (
  props: Readonly<Record<string, PropValue>>,
): { directives: string[]; notes: string | null } => {
  const directives: string[] = []
  for (const key of SLIDE_DIRECTIVES) {
    const value = props[key]
    const text =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : null
    if (text !== null && !text.includes('\n') && !text.includes('-->'))
      directives.push(`<!-- ${key}: ${text} -->`)
  }
  const notes = props[NOTES_PROPERTY]
  const usable = typeof notes === 'string' && notes.trim() !== '' && !notes.includes('-->')
  return { directives, notes: usable ? `<!--\n${notes.trim()}\n-->` : null }
}
