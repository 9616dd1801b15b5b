/**
 * How an op reaches sessions that see its blocks and sessions that do not (viewport
 * subscriptions, DESIGN "The partitioned backend").
 *
 * Every session keeps the whole *structure* of the document — the block tree with types — so
 * its move tree is an exact CRDT replica and a virtualized list can size itself; *content*
 * (text and properties) it keeps only for the partitions it is subscribed to.
 *
 * DELIVERY-1 structure ops (insert, delete, move, split, merge, and setting a block's `type`)
 *   reach every session; a session that does not see any partition the op touches receives it
 *   without content (`withoutContent`).
 * DELIVERY-2 content ops (text edits, other properties) reach only the subscribers of the
 *   partition holding the block.
 * DELIVERY-3 content a session missed arrives by catch-up when it subscribes: property
 *   registers with their stamps and Yjs state-vector diffs, which merge with whatever it has.
 */
import { type DurableOp, type Envelope, TYPE_PROPERTY } from './ops.js'

export type DeliveryClass = 'structure' | 'content'

export const deliveryClass = (op: DurableOp): DeliveryClass => {
  switch (op.kind) {
    case 'edit_text':
      return 'content'
    case 'set_property':
      return op.key === TYPE_PROPERTY ? 'structure' : 'content'
    default:
      return 'structure'
  }
}

/** An empty Yjs update (no structs, no deletions): applying it changes nothing. */
const EMPTY_YJS_UPDATE = new Uint8Array([0, 0])

/**
 * The op as a session that does not see its blocks receives it: the same id and tree effect,
 * without text or properties. `merge_blocks` stays whole: MERGE-2 needs its state vector on
 * every replica that may have typed into the merged block.
 */
export const withoutContent = (envelope: Envelope): Envelope => {
  const op = envelope.op
  switch (op.kind) {
    case 'insert_block': {
      if (op.props === undefined && op.text === undefined) return envelope
      const { props: _props, text: _text, ...rest } = op
      return { ...envelope, op: rest }
    }
    case 'split_block': {
      const { props: _props, ...rest } = op
      return {
        ...envelope,
        op: { ...rest, headUpdate: EMPTY_YJS_UPDATE, tailText: EMPTY_YJS_UPDATE },
      }
    }
    default:
      return envelope
  }
}
