/**
 * The operation taxonomy. Durable operations go into the op log and change the document;
 * ephemeral ones (cursors, viewport) travel on the wire and are never stored.
 *
 * Every durable operation travels in an `Envelope` stamped with a hybrid logical clock. The op
 * id *is* the stamp's string form: a replica never issues the same stamp twice, so the id is
 * unique, and ordering ops by id orders them by (hlc, replica).
 *
 * Structure-changing operations carry `prev`, the id of the last operation that moved (or
 * created) the block as its author had applied it. That is how a replica tells concurrent
 * moves of one block apart: see MOVE-2 in the spec.
 */

import type { Hlc, HlcString } from './hlc.js'
import type { BlockId } from './ids.js'

export type OpId = HlcString

/** Property values: JSON-like, bounded by the protocol limits. */
export type PropValue = null | boolean | number | string | readonly PropValue[] | PropObject
export interface PropObject {
  readonly [key: string]: PropValue
}

/** Known block types. Apps may use others that match `[a-z][a-z0-9_]*`. */
export const BLOCK_TYPES = [
  'paragraph',
  'heading',
  'list',
  'list_item',
  'code',
  'quote',
  'table',
  'table_row',
  'cell',
  'image',
  'thematic_break',
  'html',
  'footnote_definition',
  'slide',
] as const
export type KnownBlockType = (typeof BLOCK_TYPES)[number]
export type BlockType = KnownBlockType | (string & {})

/** The reserved property key that holds a block's type (an LWW register like any other). */
export const TYPE_PROPERTY = 'type' as const

export interface InsertBlockOp {
  readonly kind: 'insert_block'
  readonly block: BlockId
  readonly parent: BlockId
  readonly key: string
  readonly blockType: BlockType
  readonly props?: Readonly<Record<string, PropValue>>
  /** Initial content of the block's Y.Doc, as a Yjs update. */
  readonly text?: Uint8Array
}

export interface DeleteBlockOp {
  readonly kind: 'delete_block'
  readonly block: BlockId
  readonly prev: OpId | null
}

export interface MoveBlockOp {
  readonly kind: 'move_block'
  readonly block: BlockId
  readonly parent: BlockId
  readonly key: string
  readonly prev: OpId | null
}

/**
 * Splits `block` at a text offset: the tail becomes a new sibling. `headUpdate` deletes the tail
 * from `block`'s Y.Doc; `tailText` is the new block's initial Y.Doc content. Text typed
 * concurrently into the tail stays in `block` (Yjs never deletes what the deleter had not seen).
 */
export interface SplitBlockOp {
  readonly kind: 'split_block'
  readonly block: BlockId
  readonly newBlock: BlockId
  readonly parent: BlockId
  readonly key: string
  readonly blockType: BlockType
  readonly props?: Readonly<Record<string, PropValue>>
  readonly headUpdate: Uint8Array
  readonly tailText: Uint8Array
}

export interface ChildMove {
  readonly block: BlockId
  readonly key: string
  readonly prev: OpId | null
}

/**
 * Merges `from` into the end of `into`: `intoUpdate` appends `from`'s text to `into`,
 * `fromUpdate` empties `from`, `from`'s children move under `into`, and `from` moves to the
 * trash. `fromStateVector` records what of `from` the author had seen: text typed into `from`
 * concurrently is not covered by it, stays visible in `from`, and its author restores `from`
 * next to `into` (MERGE-2), so it never vanishes.
 */
export interface MergeBlocksOp {
  readonly kind: 'merge_blocks'
  readonly into: BlockId
  readonly from: BlockId
  readonly prev: OpId | null
  readonly intoUpdate: Uint8Array
  readonly fromUpdate: Uint8Array
  readonly fromStateVector: Uint8Array
  readonly children: readonly ChildMove[]
}

export interface EditTextOp {
  readonly kind: 'edit_text'
  readonly block: BlockId
  /** A Yjs update for the block's Y.Doc, as raw bytes. */
  readonly update: Uint8Array
}

export interface SetPropertyOp {
  readonly kind: 'set_property'
  readonly block: BlockId
  readonly key: string
  readonly value: PropValue
}

export type DurableOp =
  | InsertBlockOp
  | DeleteBlockOp
  | MoveBlockOp
  | SplitBlockOp
  | MergeBlocksOp
  | EditTextOp
  | SetPropertyOp

export type DurableOpKind = DurableOp['kind']

/** A caret (and optional selection head) in a block, as encoded Yjs relative positions. */
export interface CursorMoveOp {
  readonly kind: 'cursor_move'
  readonly block: BlockId
  readonly anchor: Uint8Array
  readonly head?: Uint8Array
}

export interface ViewportChangeOp {
  readonly kind: 'viewport_change'
  readonly blocks: readonly BlockId[]
}

export type EphemeralOp = CursorMoveOp | ViewportChangeOp

export type Op = DurableOp | EphemeralOp

export const DURABLE_OP_KINDS = [
  'insert_block',
  'delete_block',
  'move_block',
  'split_block',
  'merge_blocks',
  'edit_text',
  'set_property',
] as const satisfies readonly DurableOpKind[]

export type Origin =
  | { readonly kind: 'user' }
  | { readonly kind: 'agent'; readonly agent: string; readonly agentSession: string }

export const USER_ORIGIN: Origin = Object.freeze({ kind: 'user' })

export interface Envelope<O extends DurableOp = DurableOp> {
  /** The op id: `hlcToString(hlc)`. */
  readonly id: OpId
  readonly hlc: Hlc
  readonly user: string
  readonly session: string
  /** Ops that must be applied before this one (beyond the blocks it names, which are implied). */
  readonly deps?: readonly OpId[]
  readonly origin: Origin
  readonly op: O
}

/** The blocks an op names that must exist (be created) before it can apply. */
export const referencedBlocks = (op: DurableOp): BlockId[] => {
  switch (op.kind) {
    case 'insert_block':
      return [op.parent]
    case 'delete_block':
      return [op.block]
    case 'move_block':
      return [op.block, op.parent]
    case 'split_block':
      return [op.block, op.parent]
    case 'merge_blocks':
      return [op.into, op.from, ...op.children.map((c) => c.block)]
    case 'edit_text':
    case 'set_property':
      return [op.block]
    default:
      return assertNever(op)
  }
}

/** The blocks an op creates. */
export const createdBlocks = (op: DurableOp): BlockId[] => {
  switch (op.kind) {
    case 'insert_block':
      return [op.block]
    case 'split_block':
      return [op.newBlock]
    default:
      return []
  }
}

export const assertNever = (value: never): never => {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`)
}
