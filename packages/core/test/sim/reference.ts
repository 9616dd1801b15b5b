/**
 * The naive reference: the document *defined* by apps/docs/spec/rules.md — every operation
 * once, in id order, applied by the rules with plain maps. No log, no undo/redo, no buffering,
 * no cleverness: if a replica and this disagree, one of them breaks a named rule.
 *
 * Deliberately independent of the replica and the move tree (it imports only types, the op
 * helpers that say which blocks an op names, and Yjs), so a bug there cannot hide here.
 */
import * as Y from 'yjs'
import { type BlockId, ROOT_ID, TRASH_ID } from '../../src/ids.js'
import {
  assertNever,
  type Envelope,
  type OpId,
  type PropValue,
  referencedBlocks,
  TYPE_PROPERTY,
} from '../../src/ops.js'
import { buildCanonical } from '../../src/replica/canonical.js'
import { type CanonicalDoc, canonicalProps, canonicalText } from './canonical.js'

/** Why an op (or one move inside it) had no structural effect in the reference. */
export type ReferenceOutcome =
  | 'concurrent_move' // MOVE-2
  | 'cycle' // MOVE-1
  | 'duplicate_block' // CREATE-1
  | 'missing_block' // CREATE-2: skipped entirely
  | 'missing_dep' // CREATE-2: an explicit dep is not an older op

export interface ReferenceNote {
  readonly id: OpId
  readonly kind: Envelope['op']['kind']
  readonly outcome: ReferenceOutcome
  /** The block the outcome concerns (for merges: which move). */
  readonly block: BlockId
}

export interface ReferenceResult {
  readonly canonical: CanonicalDoc
  /** Every rejected, ignored or skipped op (or move inside a merge), in id order. */
  readonly notes: readonly ReferenceNote[]
  /** How many distinct ops were replayed. */
  readonly ops: number
}

// MOVE-4: (key bytewise, block id); keys are ASCII, so string order is byte order
const bySiblingOrder = (
  a: { id: BlockId; key: string },
  b: { id: BlockId; key: string },
): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const withoutFormattingCleanup = (transaction: Y.Transaction): void => {
  transaction._needFormattingCleanup = false
}

const isRoot = (id: BlockId): boolean => id === ROOT_ID || id === TRASH_ID

export interface RefNode {
  parent: BlockId
  key: string
  /** MOVE-2: id of the last op that created or moved this block and passed the check. */
  register: OpId | null
}

interface PropRegister {
  value: PropValue
  id: OpId
}

/**
 * The reference state, built by feeding ops in strictly increasing id order. `referenceReplay`
 * sorts and feeds; the test-only model replica (./model-replica.ts) reads it to author ops.
 */
export class ReferenceDocument {
  readonly nodes = new Map<BlockId, RefNode>()
  readonly props = new Map<BlockId, Map<string, PropRegister>>()
  readonly docs = new Map<BlockId, Y.Doc>()
  readonly notes: ReferenceNote[] = []
  private readonly applied = new Set<OpId>()
  private last: OpId = ''

  exists(id: BlockId): boolean {
    return isRoot(id) || this.nodes.has(id)
  }

  isAncestorOrSelf(ancestor: BlockId, of: BlockId): boolean {
    for (let at: BlockId | undefined = of; at !== undefined; at = this.nodes.get(at)?.parent) {
      if (at === ancestor) return true
      if (isRoot(at)) return false
    }
    return false
  }

  /** Children with their keys, in sibling order (MOVE-4). */
  childrenOf(parent: BlockId): Array<{ id: BlockId; key: string }> {
    const out: Array<{ id: BlockId; key: string }> = []
    for (const [id, node] of this.nodes) if (node.parent === parent) out.push({ id, key: node.key })
    return out.sort(bySiblingOrder)
  }

  typeOf(id: BlockId): string {
    const t = this.props.get(id)?.get(TYPE_PROPERTY)?.value
    return typeof t === 'string' ? t : String(t)
  }

  propsOf(id: BlockId): Array<readonly [string, PropValue]> {
    return [...(this.props.get(id) ?? new Map<string, PropRegister>())].map(
      ([k, r]) => [k, r.value] as const,
    )
  }

  docOf(block: BlockId): Y.Doc {
    let doc = this.docs.get(block)
    if (doc === undefined) {
      // a guid of our own spares Yjs a crypto-random uuid per document
      doc = new Y.Doc({ guid: block })
      // The document is the merge of the ops' updates and nothing else. After a remote update
      // Yjs would run its formatting cleanup, deleting format items in a side transaction whose
      // update no op carries; what it deletes depends on arrival order, so it is switched off.
      doc.on('afterTransaction', withoutFormattingCleanup)
      this.docs.set(block, doc)
    }
    return doc
  }

  /** Applies the next op; ids must strictly increase from call to call. */
  applyNext(env: Envelope): void {
    if (env.id <= this.last) throw new Error(`reference fed ${env.id} after ${this.last}`)
    this.last = env.id
    const op = env.op
    // CREATE-2: every block named must have been created by an older op (id order = call order).
    const missing = referencedBlocks(op).find((b) => !this.exists(b))
    if (missing !== undefined) {
      this.note(env, 'missing_block', missing)
      return
    }
    const missingDep = env.deps?.find((d) => !this.applied.has(d))
    if (missingDep !== undefined) {
      this.note(env, 'missing_dep', missingDep)
      return
    }
    this.applied.add(env.id)
    switch (op.kind) {
      case 'insert_block':
        this.create(env, op.block, op.parent, op.key)
        this.setProp(op.block, TYPE_PROPERTY, op.blockType, env.id)
        for (const [k, v] of Object.entries(op.props ?? {})) this.setProp(op.block, k, v, env.id)
        this.applyText(op.block, op.text)
        break
      case 'delete_block':
        this.move(env, op.block, TRASH_ID, null, op.prev)
        break
      case 'move_block':
        this.move(env, op.block, op.parent, op.key, op.prev)
        break
      case 'split_block':
        this.create(env, op.newBlock, op.parent, op.key)
        this.setProp(op.newBlock, TYPE_PROPERTY, op.blockType, env.id)
        for (const [k, v] of Object.entries(op.props ?? {})) this.setProp(op.newBlock, k, v, env.id)
        this.applyText(op.block, op.headUpdate)
        this.applyText(op.newBlock, op.tailText)
        break
      case 'merge_blocks':
        this.applyText(op.into, op.intoUpdate)
        this.applyText(op.from, op.fromUpdate)
        for (const child of op.children) this.move(env, child.block, op.into, child.key, child.prev)
        this.move(env, op.from, TRASH_ID, null, op.prev)
        break
      case 'edit_text':
        this.applyText(op.block, op.update)
        break
      case 'set_property':
        this.setProp(op.block, op.key, op.value, env.id)
        break
      default:
        assertNever(op)
    }
  }

  canonical(): CanonicalDoc {
    const childIndex = new Map<BlockId, Array<{ id: BlockId; key: string }>>()
    for (const [id, node] of this.nodes) {
      let list = childIndex.get(node.parent)
      if (list === undefined) {
        list = []
        childIndex.set(node.parent, list)
      }
      list.push({ id, key: node.key })
    }
    for (const list of childIndex.values()) list.sort(bySiblingOrder)
    return buildCanonical({
      children: (id) => (childIndex.get(id) ?? []).map((c) => c.id),
      type: (id) => this.typeOf(id),
      props: (id) => canonicalProps(this.propsOf(id)),
      text: (id) => canonicalText(this.docs.get(id)),
    })
  }

  destroy(): void {
    for (const doc of this.docs.values()) doc.destroy()
  }

  private note(env: Envelope, outcome: ReferenceOutcome, block: BlockId): void {
    this.notes.push({ id: env.id, kind: env.op.kind, outcome, block })
  }

  // TEXT-1: text is unconditional once CREATE-2 lets the op in; Yjs merges in any order.
  private applyText(block: BlockId, update: Uint8Array | undefined): void {
    if (update !== undefined && update.length > 0) Y.applyUpdate(this.docOf(block), update)
  }

  // PROP-1: ops arrive in id order, so the last write is the highest stamp.
  private setProp(block: BlockId, key: string, value: PropValue, id: OpId): void {
    let registers = this.props.get(block)
    if (registers === undefined) {
      registers = new Map()
      this.props.set(block, registers)
    }
    registers.set(key, { value, id })
  }

  /** MOVE-2 then MOVE-1. `key === null` keeps the block's key (MOVE-3). */
  private move(
    env: Envelope,
    block: BlockId,
    parent: BlockId,
    key: string | null,
    prev: OpId | null,
  ): void {
    if (isRoot(block))
      throw new Error(`${env.id}: moves ${block}, which never moves (validation refuses it)`)
    const node = this.nodes.get(block)!
    if (node.register !== prev) {
      this.note(env, 'concurrent_move', block)
      return
    }
    node.register = env.id
    if (this.isAncestorOrSelf(block, parent)) {
      this.note(env, 'cycle', block)
      return
    }
    node.parent = parent
    if (key !== null) node.key = key
  }

  /** CREATE-1: the first (lowest-stamped) creation places the block; later ones do nothing here. */
  private create(env: Envelope, block: BlockId, parent: BlockId, key: string): void {
    if (this.nodes.has(block) || isRoot(block)) {
      this.note(env, 'duplicate_block', block)
      return
    }
    this.nodes.set(block, { parent, key, register: env.id })
  }
}

/** Dedupes by id and sorts: the order the rules define the document by. */
export const sortedUnique = (envelopes: readonly Envelope[]): Envelope[] => {
  const unique = new Map<OpId, Envelope>()
  for (const env of envelopes) if (!unique.has(env.id)) unique.set(env.id, env)
  return [...unique.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export const referenceReplay = (envelopes: readonly Envelope[]): ReferenceResult => {
  const ordered = sortedUnique(envelopes)
  const doc = new ReferenceDocument()
  for (const env of ordered) doc.applyNext(env)
  const canonical = doc.canonical()
  doc.destroy()
  return { canonical, notes: doc.notes, ops: ordered.length }
}

/** The document every replica must converge to, given every op ever issued. */
export const referenceCanonical = (envelopes: readonly Envelope[]): CanonicalDoc =>
  referenceReplay(envelopes).canonical
