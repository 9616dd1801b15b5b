/**
 * Lists as the Markdown mapping stores them: a `list` block (props `ordered`, `start`) holds
 * `list_item` blocks; an item's text is its first paragraph and its children follow it, so a
 * nested list is a `list` child of an item. Tab nests an item under the one before it,
 * Shift+Tab lifts it out, and turning an item into another kind lifts it out of its list.
 */
import type { Props } from './block-kinds.js'
import { NOTHING, type Plan, type StructureEdit } from './plan.js'
import { siblingsOf, type TreeReader } from './tree.js'

/** The props a new list copies from `like` (ordered lists keep their numbering style). */
const listProps = (like: Props | undefined, ordered?: boolean): Props => {
  const isOrdered = ordered ?? like?.ordered === true
  return isOrdered ? { ordered: true, start: 1, spread: false } : { ordered: false, spread: false }
}

/** Removes a list or quote that `leaving` was the last child of. */
export const dropEmptyParent = (
  tree: TreeReader,
  leaving: readonly string[],
  parent: string,
): StructureEdit[] => {
  const type = tree.block(parent)?.type
  if (type !== 'list' && type !== 'quote') return []
  const rest = tree.children(parent).filter((id) => !leaving.includes(id))
  return rest.length === 0 ? [{ kind: 'delete', id: parent }] : []
}

/** Tab: the item becomes the last child of the item before it. */
export const planIndent = (tree: TreeReader, id: string): Plan => {
  if (tree.block(id)?.type !== 'list_item') return NOTHING
  const { parent: list, siblings, index } = siblingsOf(tree, id)
  const previous = siblings[index - 1]
  if (previous === undefined) return NOTHING
  const inside = tree.children(previous)
  const last = inside[inside.length - 1]
  if (last !== undefined && tree.block(last)?.type === 'list') {
    const items = tree.children(last)
    return {
      edits: [{ kind: 'move', id, parent: last, after: items[items.length - 1] ?? null }],
    }
  }
  return {
    edits: [
      {
        kind: 'insert',
        id: '$list',
        parent: previous,
        after: last ?? null,
        type: 'list',
        props: listProps(tree.block(list)?.props),
      },
      { kind: 'move', id, parent: '$list', after: null },
    ],
  }
}

/**
 * Moves the items after `id` in its list under `id` (into its last child list, or a new one),
 * so they keep their place in reading order when `id` leaves the list.
 */
const adoptFollowing = (tree: TreeReader, id: string, following: readonly string[]) => {
  if (following.length === 0) return []
  const list = siblingsOf(tree, id).parent
  const inside = tree.children(id)
  const last = inside[inside.length - 1]
  const edits: StructureEdit[] = []
  let target = '$nested'
  let after: string | null = null
  if (last !== undefined && tree.block(last)?.type === 'list') {
    target = last
    const items = tree.children(last)
    after = items[items.length - 1] ?? null
  } else
    edits.push({
      kind: 'insert',
      id: target,
      parent: id,
      after: last ?? null,
      type: 'list',
      props: listProps(tree.block(list)?.props),
    })
  for (const item of following) {
    edits.push({ kind: 'move', id: item, parent: target, after })
    after = item
  }
  return edits
}

/**
 * Takes an item out of its list, at the same place in reading order: before the list, after
 * it, or between two halves of it. Its type is left to the caller.
 */
export const planLiftOut = (tree: TreeReader, id: string): StructureEdit[] => {
  const { parent: list, siblings, index } = siblingsOf(tree, id)
  const { parent: outer, siblings: outerSiblings, index: listIndex } = siblingsOf(tree, list)
  const before = siblings.slice(0, index)
  const following = siblings.slice(index + 1)
  if (before.length === 0) {
    const edits: StructureEdit[] = [
      { kind: 'move', id, parent: outer, after: outerSiblings[listIndex - 1] ?? null },
    ]
    if (following.length === 0) edits.push({ kind: 'delete', id: list })
    return edits
  }
  const edits: StructureEdit[] = [{ kind: 'move', id, parent: outer, after: list }]
  if (following.length === 0) return edits
  edits.push({
    kind: 'insert',
    id: '$rest',
    parent: outer,
    after: id,
    type: 'list',
    props: { ...listProps(tree.block(list)?.props), ...startAfter(tree, list, index + 1) },
  })
  let after: string | null = null
  for (const item of following) {
    edits.push({ kind: 'move', id: item, parent: '$rest', after })
    after = item
  }
  return edits
}

/** An ordered list cut in two goes on counting where the first half stopped. */
const startAfter = (tree: TreeReader, list: string, count: number): Props => {
  const props = tree.block(list)?.props
  if (props?.ordered !== true) return {}
  const start = typeof props.start === 'number' ? props.start : 1
  return { start: start + count }
}

/** An item made a paragraph in place (Backspace at the start of a top-level item). */
export const planItemToParagraph = (tree: TreeReader, id: string): Plan => {
  const info = tree.block(id)
  if (info?.type !== 'list_item') return NOTHING
  const edits = [...planLiftOut(tree, id), { kind: 'set', id, key: 'type', value: 'paragraph' }]
  if (typeof info.props.checked === 'boolean')
    edits.push({ kind: 'set', id, key: 'checked', value: null })
  return { edits: edits as StructureEdit[], caret: { block: id, offset: 0 } }
}

/** Shift+Tab: the item follows its parent item; the items after it become its children. */
export const planOutdent = (tree: TreeReader, id: string): Plan => {
  if (tree.block(id)?.type !== 'list_item') return NOTHING
  const { parent: list, siblings, index } = siblingsOf(tree, id)
  const parentItem = siblingsOf(tree, list).parent
  if (tree.block(parentItem)?.type !== 'list_item') return planItemToParagraph(tree, id)
  const outerList = siblingsOf(tree, parentItem).parent
  const following = siblings.slice(index + 1)
  const edits: StructureEdit[] = [
    { kind: 'move', id, parent: outerList, after: parentItem },
    ...adoptFollowing(tree, id, following),
  ]
  if (index === 0) edits.push({ kind: 'delete', id: list })
  return { edits }
}

export type ListKind = 'bullet' | 'ordered' | 'task'

/** Makes a block that is not an item into an item of a list of `kind`, where it stands. */
export const planWrapInList = (tree: TreeReader, id: string, kind: ListKind): Plan => {
  const { parent, siblings, index } = siblingsOf(tree, id)
  const ordered = kind === 'ordered'
  const previous = siblings[index - 1]
  const previousInfo = previous === undefined ? undefined : tree.block(previous)
  const edits: StructureEdit[] = []
  if (
    previous !== undefined &&
    previousInfo?.type === 'list' &&
    (previousInfo.props.ordered === true) === ordered
  ) {
    const items = tree.children(previous)
    edits.push({ kind: 'move', id, parent: previous, after: items[items.length - 1] ?? null })
  } else {
    edits.push(
      {
        kind: 'insert',
        id: '$list',
        parent,
        after: id,
        type: 'list',
        props: listProps(undefined, ordered),
      },
      { kind: 'move', id, parent: '$list', after: null },
    )
  }
  edits.push({ kind: 'set', id, key: 'type', value: 'list_item' })
  if (kind === 'task') edits.push({ kind: 'set', id, key: 'checked', value: false })
  return { edits }
}

/** An item made an item of another kind: its list's numbering, its own checkbox. */
export const planRelist = (tree: TreeReader, id: string, kind: ListKind): Plan => {
  const info = tree.block(id)
  if (info?.type !== 'list_item') return NOTHING
  const list = siblingsOf(tree, id).parent
  const edits: StructureEdit[] = []
  const ordered = tree.block(list)?.props.ordered === true
  if (kind !== 'task' && ordered !== (kind === 'ordered'))
    edits.push({ kind: 'set', id: list, key: 'ordered', value: kind === 'ordered' })
  const checked = typeof info.props.checked === 'boolean'
  if (kind === 'task' && !checked) edits.push({ kind: 'set', id, key: 'checked', value: false })
  if (kind !== 'task' && checked) edits.push({ kind: 'set', id, key: 'checked', value: null })
  return { edits }
}
