/**
 * The structural side of typing: Enter splits a block, Backspace at its start joins it to the
 * text before, Delete at its end pulls the text after in. Each is a `Plan` the editor runs as
 * one batch; the text edits themselves are in text-input.ts.
 */
import { isFlowText } from './block-kinds.js'
import { dropEmptyParent, planItemToParagraph, planOutdent } from './list-plans.js'
import { NOTHING, type Plan, type StructureEdit } from './plan.js'
import { replaceDelta } from './runs.js'
import { nextInOrder, previousInOrder, siblingsOf, type TreeReader } from './tree.js'

/** An item whose list sits inside another item. */
const isNestedItem = (tree: TreeReader, id: string): boolean => {
  const list = siblingsOf(tree, id).parent
  return tree.block(siblingsOf(tree, list).parent)?.type === 'list_item'
}

/** An empty item leaves its list (Enter or Backspace on an empty bullet, as editors do). */
const leaveList = (tree: TreeReader, id: string): Plan =>
  isNestedItem(tree, id) ? planOutdent(tree, id) : planItemToParagraph(tree, id)

/** Enter at `offset`, after deleting `deleteLength` characters there. */
export const planEnter = (tree: TreeReader, id: string, offset: number, deleteLength = 0): Plan => {
  const info = tree.block(id)
  if (info === undefined) return NOTHING
  const edits: StructureEdit[] = []
  if (deleteLength > 0)
    edits.push({ kind: 'text', id, delta: replaceDelta(offset, offset + deleteLength, '') })
  const length = info.textLength - deleteLength
  if (info.type === 'list_item' && length === 0) {
    const leave = leaveList(tree, id)
    return { edits: [...edits, ...leave.edits], caret: { block: id, offset: 0 } }
  }
  const caret = { block: '$new', offset: 0 }
  switch (info.type) {
    case 'heading':
      if (offset === length && length > 0) {
        // Enter at the end of a heading starts a paragraph
        edits.push({ kind: 'split', id, offset, newId: '$new', type: 'paragraph' })
        return { edits, caret }
      }
      edits.push(
        { kind: 'split', id, offset, newId: '$new' },
        { kind: 'set', id: '$new', key: 'level', value: info.props.level ?? 1 },
      )
      // at the start, the heading moves down and an empty paragraph stays above it
      if (offset === 0) edits.push({ kind: 'set', id, key: 'type', value: 'paragraph' })
      return { edits, caret }
    case 'list_item': {
      edits.push({ kind: 'split', id, offset, newId: '$new' })
      if (typeof info.props.checked === 'boolean')
        edits.push({ kind: 'set', id: '$new', key: 'checked', value: false })
      // the item's nested blocks follow its text: they go with the tail, so order is kept
      let after: string | null = null
      for (const child of tree.children(id)) {
        edits.push({ kind: 'move', id: child, parent: '$new', after })
        after = child
      }
      return { edits, caret }
    }
    default:
      edits.push({ kind: 'split', id, offset, newId: '$new' })
      return { edits, caret }
  }
}

/** Backspace with the caret at the start of `id`. */
export const planBackspaceAtStart = (tree: TreeReader, id: string): Plan => {
  const info = tree.block(id)
  if (info === undefined) return NOTHING
  if (info.type === 'list_item') return leaveList(tree, id)
  if (info.type === 'cell') return NOTHING
  const previous = previousInOrder(tree, id)
  if (previous?.kind === 'atom')
    return { edits: [{ kind: 'delete', id: previous.id }], caret: { block: id, offset: 0 } }
  const into = previous?.kind === 'text' ? previous.id : undefined
  const intoInfo = into === undefined ? undefined : tree.block(into)
  if (into === undefined || intoInfo === undefined || !isFlowText(intoInfo.type)) {
    // nothing to join: a heading, or an empty code block, becomes a paragraph
    if (info.type === 'heading' || (info.type !== 'paragraph' && info.textLength === 0))
      return { edits: [{ kind: 'set', id, key: 'type', value: 'paragraph' }] }
    return NOTHING
  }
  if (!isFlowText(info.type) && info.textLength > 0) return NOTHING
  const parent = siblingsOf(tree, id).parent
  return {
    edits: [{ kind: 'merge', into, from: id }, ...dropEmptyParent(tree, [id], parent)],
    caret: { block: into, offset: intoInfo.textLength },
  }
}

/** Delete with the caret at the end of `id`. */
export const planDeleteAtEnd = (tree: TreeReader, id: string): Plan => {
  const info = tree.block(id)
  if (info === undefined || !isFlowText(info.type)) return NOTHING
  const next = nextInOrder(tree, id)
  if (next?.kind === 'atom')
    return {
      edits: [{ kind: 'delete', id: next.id }],
      caret: { block: id, offset: info.textLength },
    }
  if (next?.kind !== 'text') return NOTHING
  const nextInfo = tree.block(next.id)
  if (nextInfo === undefined || !isFlowText(nextInfo.type)) return NOTHING
  const parent = siblingsOf(tree, next.id).parent
  return {
    edits: [
      { kind: 'merge', into: id, from: next.id },
      ...dropEmptyParent(tree, [next.id], parent),
    ],
    caret: { block: id, offset: info.textLength },
  }
}
