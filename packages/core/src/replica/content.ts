/**
 * L1 and L2 of an operation: its property writes (LWW registers) and its Yjs updates. Both
 * commute, so they apply the moment an op is ready, in any order; only structure (L3) goes
 * through the move tree's log.
 */
import type { BlockId } from '../ids.js'
import { type Envelope, type OpId, type PropValue, TYPE_PROPERTY } from '../ops.js'
import type { PropertyStore } from './properties.js'
import type { TextStore } from './texts.js'

/**
 * `textApplied`: the op's Yjs updates were made by this replica's TextStore, which applied them
 * as it made them. Applying them again would change nothing, but decoding them was a fifth of
 * the cost of `insertBlock` (Markdown import of 2,000 blocks).
 */
export const applyContent = (
  envelope: Envelope,
  properties: PropertyStore,
  texts: TextStore,
  changed: Set<BlockId>,
  textApplied = false,
): void => {
  const op = envelope.op
  const id = envelope.id
  const apply = (block: BlockId, update: Uint8Array): void => {
    if (!textApplied) texts.applyUpdate(block, update)
  }
  switch (op.kind) {
    case 'insert_block':
      // text first: if Yjs refuses the update, nothing of the op has been applied yet
      if (op.text !== undefined) apply(op.block, op.text)
      setProps(properties, op.block, op.blockType, op.props, id, changed)
      changed.add(op.block)
      return
    case 'split_block':
      apply(op.block, op.headUpdate)
      apply(op.newBlock, op.tailText)
      setProps(properties, op.newBlock, op.blockType, op.props, id, changed)
      changed.add(op.block).add(op.newBlock)
      return
    case 'merge_blocks':
      apply(op.into, op.intoUpdate)
      apply(op.from, op.fromUpdate)
      changed.add(op.into).add(op.from)
      return
    case 'edit_text':
      apply(op.block, op.update)
      changed.add(op.block)
      return
    case 'set_property':
      if (properties.set(op.block, op.key, op.value, id)) changed.add(op.block)
      return
    case 'delete_block':
    case 'move_block':
      return
  }
}

const setProps = (
  properties: PropertyStore,
  block: BlockId,
  type: string,
  props: Readonly<Record<string, PropValue>> | undefined,
  id: OpId,
  changed: Set<BlockId>,
): void => {
  properties.set(block, TYPE_PROPERTY, type, id)
  for (const [key, value] of Object.entries(props ?? {})) properties.set(block, key, value, id)
  changed.add(block)
}
