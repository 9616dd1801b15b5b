/**
 * Commands on whole blocks: the block menu's "turn into" and "delete", moving a block among
 * its siblings (Alt+↑/↓) or by dragging it, inserting blocks, and growing a table.
 */
import { hasText, type KindChoice, type PropValue } from './block-kinds.js'
import {
  dropEmptyParent,
  type ListKind,
  planLiftOut,
  planRelist,
  planWrapInList,
} from './list-plans.js'
import { NOTHING, type Plan, type StructureEdit } from './plan.js'
import { isWithin, previousInOrder, siblingsOf, type TreeReader } from './tree.js'

const LIST_KINDS: readonly string[] = ['bullet', 'ordered', 'task'] satisfies ListKind[]
const isListKind = (kind: KindChoice): kind is ListKind => LIST_KINDS.includes(kind)

/** The edits that make a block (not a list item) of `kind` in place. */
const retype = (tree: TreeReader, id: string, kind: KindChoice): StructureEdit[] => {
  const set = (key: string, value: PropValue): StructureEdit => ({ kind: 'set', id, key, value })
  switch (kind) {
    case 'paragraph':
      return [set('type', 'paragraph')]
    case 'heading1':
    case 'heading2':
    case 'heading3':
      return [set('type', 'heading'), set('level', Number(kind.slice(-1)))]
    case 'code':
      return [set('type', 'code')]
    case 'quote': {
      const { parent } = siblingsOf(tree, id)
      if (tree.block(parent)?.type === 'quote') return []
      return [
        { kind: 'insert', id: '$quote', parent, after: id, type: 'quote' },
        { kind: 'move', id, parent: '$quote', after: null },
        ...(tree.block(id)?.type === 'paragraph' ? [] : [set('type', 'paragraph')]),
      ]
    }
    default:
      return planWrapInList(tree, id, kind as ListKind).edits as StructureEdit[]
  }
}

/** "Turn into": a text block becomes another kind of text block, in place. */
export const planTurnInto = (tree: TreeReader, id: string, kind: KindChoice): Plan => {
  const info = tree.block(id)
  if (info === undefined || !hasText(info.type) || info.type === 'cell') return NOTHING
  const caret = { block: id, offset: 'end' as const }
  if (info.type !== 'list_item') return { edits: retype(tree, id, kind), caret }
  if (isListKind(kind)) return { edits: planRelist(tree, id, kind).edits, caret }
  const edits: StructureEdit[] = [...planLiftOut(tree, id)]
  if (typeof info.props.checked === 'boolean')
    edits.push({ kind: 'set', id, key: 'checked', value: null })
  // `retype` reads the tree as it was: lifted, the item sits in its list's parent
  edits.push(...retype(lifting(tree, id), id, kind))
  return { edits, caret }
}

/** The tree as `retype` should see it once `id` has left its list for the list's parent. */
const lifting = (tree: TreeReader, id: string): TreeReader => {
  const list = siblingsOf(tree, id).parent
  const outer = siblingsOf(tree, list).parent
  return {
    block: (block) => {
      const info = tree.block(block)
      return block === id && info !== undefined ? { ...info, parent: outer } : info
    },
    children: (block) => tree.children(block),
  }
}

/** Deletes a block (with what it holds); a list or quote left empty goes too. */
export const planDelete = (tree: TreeReader, id: string): Plan => {
  const { parent } = siblingsOf(tree, id)
  const previous = previousInOrder(tree, id)
  return {
    edits: [{ kind: 'delete', id }, ...dropEmptyParent(tree, [id], parent)],
    ...(previous?.kind === 'text' ? { caret: { block: previous.id, offset: 'end' as const } } : {}),
  }
}

/** Alt+↑ / Alt+↓: one place up or down among its siblings. */
export const planMove = (tree: TreeReader, id: string, direction: 'up' | 'down'): Plan => {
  const { parent, siblings, index } = siblingsOf(tree, id)
  if (index < 0) return NOTHING
  if (direction === 'up') {
    if (index === 0) return NOTHING
    return { edits: [{ kind: 'move', id, parent, after: siblings[index - 2] ?? null }] }
  }
  const next = siblings[index + 1]
  if (next === undefined) return NOTHING
  return { edits: [{ kind: 'move', id, parent, after: next }] }
}

/** Where a dragged block may land: items among items, rows in their table, others together. */
const family = (type: string | undefined): string =>
  type === 'list_item' || type === 'table_row' || type === 'cell' ? type : 'block'

/** Drops `dragged` before or after `target`, next to it among its siblings. */
export const planDrop = (
  tree: TreeReader,
  dragged: string,
  target: string,
  where: 'before' | 'after',
): Plan => {
  if (dragged === target || isWithin(tree, target, dragged)) return NOTHING
  if (family(tree.block(dragged)?.type) !== family(tree.block(target)?.type)) return NOTHING
  const { parent: from } = siblingsOf(tree, dragged)
  const { parent, siblings } = siblingsOf(tree, target)
  const others = siblings.filter((id) => id !== dragged)
  const at = others.indexOf(target)
  const after = where === 'after' ? target : (others[at - 1] ?? null)
  if (from === parent) {
    const current = siblings.indexOf(dragged)
    if ((siblings[current - 1] ?? null) === after) return NOTHING
  }
  return {
    edits: [
      { kind: 'move', id: dragged, parent, after },
      ...(from === parent ? [] : dropEmptyParent(tree, [dragged], from)),
    ],
  }
}

/** Inserts a new block of `type` after `id`, among its siblings. */
export const planInsertAfter = (tree: TreeReader, id: string, type: string): Plan => {
  const { parent } = siblingsOf(tree, id)
  return {
    edits: [{ kind: 'insert', id: '$new', parent, after: id, type }],
    ...(hasText(type) ? { caret: { block: '$new', offset: 0 } } : {}),
  }
}

/** A new last row with as many cells as the first row has. */
export const planAddRow = (tree: TreeReader, table: string): Plan => {
  const rows = tree.children(table)
  const columns = rows[0] === undefined ? 1 : Math.max(1, tree.children(rows[0]).length)
  const edits: StructureEdit[] = [
    {
      kind: 'insert',
      id: '$row',
      parent: table,
      after: rows[rows.length - 1] ?? null,
      type: 'table_row',
    },
  ]
  let after: string | null = null
  for (let i = 0; i < columns; i++) {
    const cell = `$cell${i}`
    edits.push({ kind: 'insert', id: cell, parent: '$row', after, type: 'cell' })
    after = cell
  }
  return { edits, caret: { block: '$cell0', offset: 0 } }
}

/** A new last column: one cell more in every row, and its alignment. */
export const planAddColumn = (tree: TreeReader, table: string): Plan => {
  const edits: StructureEdit[] = []
  tree.children(table).forEach((row, i) => {
    const cells = tree.children(row)
    edits.push({
      kind: 'insert',
      id: `$cell${i}`,
      parent: row,
      after: cells[cells.length - 1] ?? null,
      type: 'cell',
    })
  })
  const align = tree.block(table)?.props.align
  if (Array.isArray(align))
    edits.push({ kind: 'set', id: table, key: 'align', value: [...align, null] })
  return { edits, caret: { block: '$cell0', offset: 0 } }
}
