/**
 * Reading the block tree for structural commands, through a small interface the room's
 * stores satisfy (and tests fake): a block's type, props, parent and text length, and a
 * block's children. Document order is depth first: a block's own text, then its children.
 */
import { hasText, isAtom, type Props } from './block-kinds.js'

export const ROOT = 'root'

export interface BlockInfo {
  readonly type: string
  readonly props: Props
  readonly parent: string | undefined
  readonly textLength: number
}

export interface TreeReader {
  block(id: string): BlockInfo | undefined
  children(id: string): readonly string[]
}

/** A neighbour in document order: text to move into, an atom to remove, or a wall. */
export type Neighbour =
  | { readonly kind: 'text'; readonly id: string }
  | { readonly kind: 'atom'; readonly id: string }
  | { readonly kind: 'wall' }

export const parentOf = (tree: TreeReader, id: string): string | undefined => tree.block(id)?.parent

/** The block's siblings (its parent's children), and its index among them. */
export const siblingsOf = (
  tree: TreeReader,
  id: string,
): { readonly parent: string; readonly siblings: readonly string[]; readonly index: number } => {
  const parent = parentOf(tree, id) ?? ROOT
  const siblings = tree.children(parent)
  return { parent, siblings, index: siblings.indexOf(id) }
}

/** Slides are walls: moving text between them never happens by Backspace. */
const isWall = (type: string): boolean => type === 'table' || type === 'slide'

const lastInside = (tree: TreeReader, id: string): Neighbour => {
  const info = tree.block(id)
  if (info === undefined || isWall(info.type)) return { kind: 'wall' }
  if (isAtom(info.type)) return { kind: 'atom', id }
  const children = tree.children(id)
  const last = children[children.length - 1]
  if (last !== undefined) return lastInside(tree, last)
  return hasText(info.type) ? { kind: 'text', id } : { kind: 'wall' }
}

const firstInside = (tree: TreeReader, id: string): Neighbour => {
  const info = tree.block(id)
  if (info === undefined || isWall(info.type)) return { kind: 'wall' }
  if (isAtom(info.type)) return { kind: 'atom', id }
  if (hasText(info.type)) return { kind: 'text', id }
  const first = tree.children(id)[0]
  return first === undefined ? { kind: 'wall' } : firstInside(tree, first)
}

/** What comes right before `id`'s text in document order (undefined: the document's start). */
export const previousInOrder = (tree: TreeReader, id: string): Neighbour | undefined => {
  let current = id
  for (;;) {
    const { parent, siblings, index } = siblingsOf(tree, current)
    const before = siblings[index - 1]
    if (index > 0 && before !== undefined) return lastInside(tree, before)
    if (parent === ROOT) return undefined
    const info = tree.block(parent)
    if (info === undefined || isWall(info.type)) return { kind: 'wall' }
    if (hasText(info.type)) return { kind: 'text', id: parent }
    current = parent
  }
}

/** What comes right after `id`'s text: its first child, else what follows the block. */
export const nextInOrder = (tree: TreeReader, id: string): Neighbour | undefined => {
  const first = tree.children(id)[0]
  if (first !== undefined) return firstInside(tree, first)
  let current = id
  for (;;) {
    const { parent, siblings, index } = siblingsOf(tree, current)
    const after = siblings[index + 1]
    if (after !== undefined) return firstInside(tree, after)
    if (parent === ROOT) return undefined
    const info = tree.block(parent)
    if (info === undefined || isWall(info.type)) return { kind: 'wall' }
    current = parent
  }
}

/** Whether `ancestor` is `id` or holds it. */
export const isWithin = (tree: TreeReader, id: string, ancestor: string): boolean => {
  for (let at: string | undefined = id; at !== undefined; at = parentOf(tree, at))
    if (at === ancestor) return true
  return false
}
