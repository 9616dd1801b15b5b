/** How each durable op acts on the block tree (L3), as moves for move-tree.ts. */
import { TRASH_ID } from '../ids.js'
import type { Envelope } from '../ops.js'
import type { TreeMove, TreeOp } from '../tree/move-tree.js'

export const treeMoves = (envelope: Envelope): TreeMove[] => {
  const op = envelope.op
  switch (op.kind) {
    case 'insert_block':
      return [{ block: op.block, parent: op.parent, key: op.key, prev: null, create: true }]
    case 'split_block':
      return [{ block: op.newBlock, parent: op.parent, key: op.key, prev: null, create: true }]
    case 'delete_block':
      // MOVE-3: delete keeps the key, so a restore can put the block back where it was
      return [{ block: op.block, parent: TRASH_ID, key: null, prev: op.prev }]
    case 'move_block':
      return [{ block: op.block, parent: op.parent, key: op.key, prev: op.prev }]
    case 'merge_blocks':
      return [
        ...op.children.map((child) => ({
          block: child.block,
          parent: op.into,
          key: child.key,
          prev: child.prev,
        })),
        { block: op.from, parent: TRASH_ID, key: null, prev: op.prev },
      ]
    case 'edit_text':
    case 'set_property':
      return []
  }
}

export const toTreeOp = (envelope: Envelope): TreeOp | undefined => {
  const moves = treeMoves(envelope)
  return moves.length === 0 ? undefined : { id: envelope.id, moves }
}
