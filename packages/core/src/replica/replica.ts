/**
 * A replica of one document: the block tree (L3, move-tree.ts), property registers (L1),
 * one Y.Doc per block (L2), all stamped by one hybrid logical clock (L0).
 *
 * Local edits apply at once and come back as envelopes to send; remote envelopes apply in any
 * order, duplicated or late, and the replica ends equal to "every op applied once in id order"
 * (apps/docs/spec/rules.md). Ops whose blocks do not exist yet wait in a buffer (CREATE-2).
 *
 * Invariants (checkInvariants, run by the simulator after every apply):
 * - the tree invariants of move-tree.ts;
 * - every block in the tree has a creation recorded in `created` older than its register;
 * - nothing is both buffered and applied.
 */
import * as Y from 'yjs'
import { createClock, type HlcClock, hlcFromString, hlcToString, receive, tick } from '../hlc.js'
import { type BlockId, newBlockId, ROOT_ID, TRASH_ID } from '../ids.js'
import {
  createdBlocks,
  type DurableOp,
  type Envelope,
  type InsertBlockOp,
  type MergeBlocksOp,
  type OpId,
  type Origin,
  type PropValue,
  referencedBlocks,
  type SplitBlockOp,
  TYPE_PROPERTY,
  USER_ORIGIN,
} from '../ops.js'
import { positionBetween, positionNear } from '../position.js'
import type { CatchUpBlock, PropRegister } from '../protocol/messages.js'
import { checkTreeInvariants } from '../tree/invariants.js'
import { type MoveOutcome, MoveTree, type TreeOp } from '../tree/move-tree.js'
import { buildCanonical, type CanonicalDoc } from './canonical.js'
import { applyContent } from './content.js'
import { blockKey, DependencyBuffer, opKey } from './dependency-buffer.js'
import { restoreMoves } from './merge-restore.js'
import { PropertyStore } from './properties.js'
import { buildMerge, buildSplit } from './semantic-ops.js'
import { decodeReplicaState, encodeReplicaState, SnapshotError } from './snapshot.js'
import { insertRuns, type TextRun, TextStore } from './texts.js'
import { toTreeOp } from './tree-ops.js'
import { validateEnvelope } from './validation.js'

export interface ReplicaOptions {
  /** This replica's id: a uint32 unique among the document's writers (also its Yjs client id). */
  readonly replica: number
  readonly user?: string
  readonly session?: string
  readonly origin?: Origin
  /** Wall clock in ms; defaults to Date.now. */
  readonly now?: () => number
  /** Randomness for ids and position jitter; defaults to Math.random. */
  readonly random?: () => number
  /**
   * Whose ops `rejected`/`reinstated` report: this replica's own (a client) or every author's
   * (the server, which tells each author why its op lost). Default `own`.
   */
  readonly reportRejectionsOf?: 'own' | 'all'
}

/** Why an op of this replica did not take effect; `applied` only in `reinstated`. */
export type RejectionCode =
  | 'applied'
  | 'concurrent_move'
  | 'cycle'
  | 'duplicate_block'
  | 'unknown_block'
  | 'invalid_op'

export interface Rejection {
  readonly id: OpId
  readonly code: RejectionCode
  readonly block: BlockId
}

export interface ApplyResult {
  applied: number
  duplicates: number
  buffered: number
  /** Ops this replica authored while applying (MERGE-2 restores); also sent to onLocalOp. */
  generated: Envelope[]
  /** This replica's own ops that lost (MOVE-1/MOVE-2) or were invalid. */
  rejected: Rejection[]
  /**
   * This replica's own ops reported rejected earlier that an older op, arriving late, has
   * made take effect after all (a move that looked like a cycle, say).
   */
  reinstated: Rejection[]
}

export interface Placement {
  readonly parent: BlockId
  /** The sibling to come after; null: first child; undefined: last child. */
  readonly after?: BlockId | null
}

export interface InsertBlockArgs extends Placement {
  readonly type: string
  readonly props?: Readonly<Record<string, PropValue>>
  readonly text?: string | readonly TextRun[]
  readonly id?: BlockId
}

export interface SnapshotOptions {
  /**
   * Which blocks' content (text and properties other than `type`) the snapshot holds; all by
   * default. A session joining a document gets its structure and only the content it sees.
   */
  readonly content?: (block: BlockId) => boolean
}

export interface ChangeEvent {
  /** Blocks whose text, properties, parent or children may have changed. */
  readonly blocks: ReadonlySet<BlockId>
  readonly local: boolean
}

type Listener<T> = (value: T) => void

const reject = (id: OpId, code: RejectionCode, block: BlockId): Rejection => ({ id, code, block })

/**
 * The Yjs update of a text nobody wrote to: no structs (varuint 0 clients), empty delete set
 * (varuint 0) — what `Y.encodeStateAsUpdate(new Y.Doc())` gives, without making a Y.Doc.
 */
const EMPTY_TEXT_UPDATE: Uint8Array = new Uint8Array([0, 0])

export class DocumentReplica {
  readonly replica: number
  readonly user: string
  readonly session: string
  readonly origin: Origin
  private readonly reportsAll: boolean
  private readonly clock: HlcClock
  private readonly random: () => number
  private tree = new MoveTree()
  /** The block this replica placed last: the anchor of a run of inserts (see keyAt). */
  private lastPlaced: BlockId | undefined
  private readonly properties = new PropertyStore()
  private readonly texts: TextStore
  private readonly buffer = new DependencyBuffer()
  /** The lowest id of any op that created each block (CREATE-1/2). */
  private readonly created = new Map<BlockId, OpId>()
  /** Ids of every op received above the stable point (applied or buffered). */
  private readonly seen = new Set<OpId>()
  /** Merges applied, by id, for MERGE-2. */
  private readonly merges = new Map<OpId, { into: BlockId; from: BlockId }>()
  private readonly localListeners = new Set<Listener<Envelope>>()
  private readonly changeListeners = new Set<Listener<ChangeEvent>>()
  private readonly rejectionListeners = new Set<Listener<Rejection>>()
  private readonly reinstateListeners = new Set<Listener<Rejection>>()

  constructor(options: ReplicaOptions) {
    this.replica = options.replica
    this.user = options.user ?? `replica-${options.replica}`
    this.session = options.session ?? `session-${options.replica}`
    this.origin = options.origin ?? USER_ORIGIN
    this.reportsAll = options.reportRejectionsOf === 'all'
    // Remote stamps are not refused here: the server is the edge that enforces HLC-3, and a
    // replica refusing what its peers accepted would diverge from them.
    this.clock = createClock(options.replica, {
      now: options.now,
      maxDriftMs: Number.POSITIVE_INFINITY,
    })
    this.random = options.random ?? Math.random
    this.texts = new TextStore(options.replica)
  }

  // ---------------------------------------------------------------- events

  /** Every op this replica authors (local edits and MERGE-2 restores), to send to the server. */
  onLocalOp(listener: Listener<Envelope>): () => void {
    this.localListeners.add(listener)
    return () => this.localListeners.delete(listener)
  }

  onChange(listener: Listener<ChangeEvent>): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  /** This replica's own ops that lost a conflict: roll back the optimistic UI and tell the user. */
  onRejection(listener: Listener<Rejection>): () => void {
    this.rejectionListeners.add(listener)
    return () => this.rejectionListeners.delete(listener)
  }

  /**
   * An own op reported rejected earlier that took effect after all, because an older op
   * arrived late (a move that looked like a cycle until then): re-apply it in the UI.
   */
  onReinstated(listener: Listener<Rejection>): () => void {
    this.reinstateListeners.add(listener)
    return () => this.reinstateListeners.delete(listener)
  }

  // ---------------------------------------------------------------- reading

  exists(id: BlockId): boolean {
    return this.tree.has(id)
  }

  /** Whether the block hangs under the document root (not deleted). */
  isLive(id: BlockId): boolean {
    return this.tree.rootOf(id) === ROOT_ID && id !== ROOT_ID
  }

  parent(id: BlockId): BlockId | undefined {
    return this.tree.parentOf(id)
  }

  children(id: BlockId): readonly BlockId[] {
    return this.tree.childrenOf(id)
  }

  position(id: BlockId): string | undefined {
    return this.tree.keyOf(id)
  }

  /** The move register of a block: the `prev` its next move must carry (MOVE-2). */
  moveRegister(id: BlockId): OpId | null {
    return this.tree.registerOf(id)
  }

  type(id: BlockId): string {
    const type = this.properties.get(id, TYPE_PROPERTY)
    return typeof type === 'string' ? type : 'paragraph'
  }

  props(id: BlockId): Record<string, PropValue> {
    const out: Record<string, PropValue> = {}
    for (const [key, register] of this.properties.entries(id))
      if (key !== TYPE_PROPERTY) out[key] = register.value
    return out
  }

  property(id: BlockId, key: string): PropValue | undefined {
    return this.properties.get(id, key)
  }

  text(id: BlockId): string {
    return this.texts.plain(id)
  }

  delta(id: BlockId): TextRun[] {
    return this.texts.delta(id)
  }

  /** Every property register of a block, `type` included, with the stamp that wrote it (PROP-1). */
  propertyRegisters(id: BlockId): PropRegister[] {
    return this.properties.entries(id).map(([key, register]) => ({
      key,
      value: register.value,
      stamp: register.id,
    }))
  }

  /** The block's text as a Yjs update: all of it, or what a peer at `stateVector` lacks. */
  encodeText(id: BlockId, stateVector?: Uint8Array): Uint8Array {
    const doc = this.texts.peek(id)
    // no throwaway Y.Doc (each draws a random client id and guid); a copy, so callers own it
    if (doc === undefined) return EMPTY_TEXT_UPDATE.slice()
    return Y.encodeStateAsUpdate(doc, stateVector)
  }

  /** The Yjs state vector of a block's text, for a catch-up request (DELIVERY-3). */
  textStateVector(id: BlockId): Uint8Array {
    const doc = this.texts.peek(id)
    return doc === undefined ? new Uint8Array([0]) : Y.encodeStateVector(doc)
  }

  /**
   * DELIVERY-3: merges caught-up content — property registers (LWW, so an older register never
   * overwrites a newer one) and Yjs text updates — into blocks this replica knows. The tree is
   * not touched: every session has the structure from the ops themselves.
   */
  applyCatchUp(blocks: readonly CatchUpBlock[]): void {
    const changed = new Set<BlockId>()
    for (const block of blocks) {
      if (!this.tree.has(block.id)) continue
      if (this.properties.set(block.id, TYPE_PROPERTY, block.type, block.typeStamp))
        changed.add(block.id)
      for (const register of block.props)
        if (this.properties.set(block.id, register.key, register.value, register.stamp))
          changed.add(block.id)
      if (block.text !== undefined) {
        try {
          this.texts.applyUpdate(block.id, block.text, 'catch_up')
          changed.add(block.id)
        } catch {
          // a malformed update from the server changes nothing; the next catch-up repairs it
        }
      }
    }
    if (changed.size > 0) {
      const event: ChangeEvent = { blocks: changed, local: false }
      for (const listener of this.changeListeners) listener(event)
    }
  }

  /** The block's Y.Text, for bindings that want Yjs events. Edit it through the replica. */
  yText(id: BlockId): Y.Text {
    return this.texts.text(id)
  }

  /** Number of ops waiting for a block or dependency that has not arrived (CREATE-2). */
  get bufferedCount(): number {
    return this.buffer.size
  }

  get logLength(): number {
    return this.tree.logLength
  }

  toCanonical(): CanonicalDoc {
    return buildCanonical({
      children: (id) => this.tree.childrenOf(id),
      type: (id) => this.type(id),
      props: (id) => Object.entries(this.props(id)),
      text: (id) => this.texts.delta(id),
    })
  }

  checkInvariants(): string[] {
    const problems = checkTreeInvariants(this.tree)
    for (const block of this.tree.blocks()) {
      const created = this.created.get(block)
      if (created === undefined) problems.push(`${block}: in the tree without a creation`)
      else if ((this.tree.registerOf(block) ?? '') < created)
        problems.push(`${block}: register older than creation`)
    }
    for (const envelope of this.buffer.all()) {
      if (this.tree.hasLogged(envelope.id))
        problems.push(`${envelope.id}: both buffered and applied`)
    }
    return problems
  }

  // ---------------------------------------------------------------- local edits

  insertBlock(args: InsertBlockArgs): Envelope<InsertBlockOp> {
    const block = args.id ?? newBlockId(this.random)
    const key = this.keyAt(args.parent, args.after)
    let text: Uint8Array | undefined
    if (args.text !== undefined && args.text.length > 0) {
      const content = args.text
      text = this.texts.edit(block, (t) =>
        insertRuns(t, 0, typeof content === 'string' ? [{ insert: content }] : content),
      )
    }
    return this.commitLocal({
      kind: 'insert_block',
      block,
      parent: args.parent,
      key,
      blockType: args.type,
      ...(args.props === undefined ? {} : { props: args.props }),
      ...(text === undefined ? {} : { text }),
    })
  }

  deleteBlock(id: BlockId): Envelope {
    return this.commitLocal({ kind: 'delete_block', block: id, prev: this.tree.registerOf(id) })
  }

  moveBlock(id: BlockId, to: Placement): Envelope {
    const key = this.keyAt(to.parent, to.after, id)
    return this.commitLocal({
      kind: 'move_block',
      block: id,
      parent: to.parent,
      key,
      prev: this.tree.registerOf(id),
    })
  }

  /** Splits a block's text at `offset`: the tail becomes a new next sibling (SPLIT-1). */
  splitBlock(
    id: BlockId,
    offset: number,
    options: { newBlock?: BlockId; type?: string } = {},
  ): Envelope<SplitBlockOp> {
    const parent = this.tree.parentOf(id) ?? ROOT_ID
    return this.commitLocal(
      buildSplit(this.texts, id, offset, {
        newBlock: options.newBlock ?? newBlockId(this.random),
        parent,
        key: this.keyAt(parent, id),
        blockType: options.type ?? this.type(id),
      }),
    )
  }

  /** Appends `from`'s text to `into`, moves its children under `into`, deletes it (MERGE-1). */
  mergeBlocks(into: BlockId, from: BlockId): Envelope<MergeBlocksOp> {
    let before = this.lastChildKey(into)
    const children = this.tree.childrenOf(from).map((child) => {
      before = positionBetween(before, null, this.random)
      return { block: child, key: before, prev: this.tree.registerOf(child) }
    })
    return this.commitLocal(
      buildMerge(this.texts, into, from, this.tree.registerOf(from), children),
    )
  }

  insertText(
    id: BlockId,
    index: number,
    text: string,
    attributes?: Record<string, unknown>,
  ): Envelope {
    // Yjs writes into the attributes object it is given: pass a copy, not the caller's
    return this.editText(id, (t) => t.insert(index, text, { ...attributes }))
  }

  deleteText(id: BlockId, index: number, length: number): Envelope {
    return this.editText(id, (t) => t.delete(index, length))
  }

  formatText(
    id: BlockId,
    index: number,
    length: number,
    attributes: Record<string, unknown>,
  ): Envelope {
    return this.editText(id, (t) => t.format(index, length, attributes))
  }

  /** Any edit of the block's Y.Text, sent as one `edit_text`. */
  editText(id: BlockId, edit: (text: Y.Text) => void): Envelope {
    const update = this.texts.edit(id, edit)
    return this.commitLocal({ kind: 'edit_text', block: id, update })
  }

  setProperty(id: BlockId, key: string, value: PropValue): Envelope {
    return this.commitLocal({ kind: 'set_property', block: id, key, value })
  }

  /**
   * The position for a block placed after `after`. A run of blocks placed one after another
   * (typing paragraphs, pressing Enter, pasting) steps from this replica's previous block
   * instead of bisecting the gap each time, which keeps keys short (see `positionNear`).
   */
  private keyAt(parent: BlockId, after: BlockId | null | undefined, moving?: BlockId): string {
    const [before, next, nextId] = this.tree.gapAfter(parent, after, moving)
    if (before !== null && next !== null && this.lastPlaced !== undefined) {
      if (after === this.lastPlaced) return positionNear(before, next, 'before', this.random)
      if (nextId === this.lastPlaced) return positionNear(before, next, 'after', this.random)
    }
    return positionBetween(before, next, this.random)
  }

  private lastChildKey(parent: BlockId): string | null {
    return this.tree.gapAfter(parent, undefined)[0]
  }

  private commitLocal<O extends DurableOp>(op: O): Envelope<O> {
    if (op.kind === 'insert_block' || op.kind === 'move_block') this.lastPlaced = op.block
    else if (op.kind === 'split_block') this.lastPlaced = op.newBlock
    const hlc = tick(this.clock)
    const envelope: Envelope<O> = {
      id: hlcToString(hlc),
      hlc,
      user: this.user,
      session: this.session,
      origin: this.origin,
      op,
    }
    // local text was already applied by TextStore.edit, which `integrate` knows from `local`
    this.integrate([envelope], true)
    for (const listener of this.localListeners) listener(envelope)
    return envelope
  }

  // ---------------------------------------------------------------- remote ops

  /** Applies remote envelopes, in any order, duplicated or not. */
  apply(envelopes: readonly Envelope[]): ApplyResult {
    for (const envelope of envelopes) receive(this.clock, envelope.hlc)
    return this.integrate(envelopes, false)
  }

  private integrate(envelopes: readonly Envelope[], local: boolean): ApplyResult {
    const result: ApplyResult = {
      applied: 0,
      duplicates: 0,
      buffered: 0,
      generated: [],
      rejected: [],
      reinstated: [],
    }
    const changed = new Set<BlockId>()
    const treeOps: TreeOp[] = []
    const merges: OpId[] = []
    const queue = [...envelopes]
    for (let q = 0; q < queue.length; q++) {
      const envelope = queue[q]!
      const isWoken = q >= envelopes.length
      if (!isWoken) {
        if (envelope.id <= this.tree.stableId || this.seen.has(envelope.id)) {
          result.duplicates++
          continue
        }
        if (validateEnvelope(envelope) !== undefined) {
          if (this.reports(envelope.hlc.replica)) {
            result.rejected.push(reject(envelope.id, 'invalid_op', ''))
          }
          continue
        }
        this.seen.add(envelope.id)
      }
      const missing = this.missingDependency(envelope)
      if (missing !== undefined) {
        this.buffer.park(missing, envelope)
        result.buffered++
        continue
      }
      try {
        // a local op's text is in place already (TextStore.edit); one it woke is not
        applyContent(envelope, this.properties, this.texts, changed, local && !isWoken)
      } catch {
        // Yjs refused an update the codec let through: the op is dropped whole, as invalid
        if (this.reports(envelope.hlc.replica))
          result.rejected.push(reject(envelope.id, 'invalid_op', ''))
        continue
      }
      result.applied++
      const treeOp = toTreeOp(envelope)
      if (treeOp !== undefined) treeOps.push(treeOp)
      if (envelope.op.kind === 'merge_blocks') {
        this.merges.set(envelope.id, { into: envelope.op.into, from: envelope.op.from })
        if (envelope.hlc.replica !== this.replica) merges.push(envelope.id)
      }
      for (const block of createdBlocks(envelope.op)) {
        const known = this.created.get(block)
        if (known === undefined || envelope.id < known) this.created.set(block, envelope.id)
        queue.push(...this.buffer.wake(blockKey(block)))
      }
      queue.push(...this.buffer.wake(opKey(envelope.id)))
    }
    if (treeOps.length === 1) this.tree.apply(treeOps[0]!)
    else if (treeOps.length > 1) this.tree.applyMany(treeOps)
    this.collectTreeEffects(treeOps, result, changed, merges)
    for (const rejection of result.rejected)
      for (const listener of this.rejectionListeners) listener(rejection)
    for (const reinstated of result.reinstated)
      for (const listener of this.reinstateListeners) listener(reinstated)
    if (changed.size > 0) {
      const event: ChangeEvent = { blocks: changed, local }
      for (const listener of this.changeListeners) listener(event)
    }
    for (const mergeId of merges) this.restoreAfterMerge(mergeId, result)
    return result
  }

  private reports(author: number | undefined): boolean {
    return this.reportsAll || author === this.replica
  }

  /**
   * CREATE-2: whether the envelope can apply now (every block it names was created and every
   * explicit dependency arrived). A server checks this before sequencing, so that it never
   * sequences an op that would wait forever for something that never comes.
   */
  isReady(envelope: Envelope): boolean {
    return this.missingDependency(envelope) === undefined
  }

  /** Whether this replica has received the op (applied or buffered) above its stable point. */
  hasSeen(id: OpId): boolean {
    return this.seen.has(id) || id <= this.tree.stableId
  }

  /** CREATE-2: what the envelope still waits for, or undefined when it can apply. */
  private missingDependency(envelope: Envelope): string | undefined {
    for (const block of referencedBlocks(envelope.op)) {
      if (block === ROOT_ID || block === TRASH_ID) continue
      const created = this.created.get(block)
      if (created === undefined || created >= envelope.id) return blockKey(block)
    }
    for (const dep of envelope.deps ?? []) {
      if (!this.seen.has(dep) && dep > this.tree.stableId) return opKey(dep)
    }
    return undefined
  }

  /** Reports this replica's lost moves and marks the blocks whose place changed. */
  private collectTreeEffects(
    treeOps: readonly TreeOp[],
    result: ApplyResult,
    changed: Set<BlockId>,
    mergesToCheck: OpId[],
  ): void {
    const note = (id: OpId, block: BlockId, outcome: MoveOutcome): void => {
      changed.add(block)
      const parent = this.tree.parentOf(block)
      if (parent !== undefined) changed.add(parent)
      if (outcome !== 'applied' && this.reports(hlcFromString(id)?.replica)) {
        result.rejected.push(reject(id, outcome, block))
      }
    }
    for (const op of treeOps) {
      const outcomes = this.tree.outcomesOf(op.id) ?? []
      for (let k = 0; k < op.moves.length; k++)
        note(op.id, op.moves[k]!.block, outcomes[k] ?? 'applied')
    }
    for (const change of this.tree.takeOutcomeChanges()) {
      note(change.id, change.block, change.outcome)
      if (change.outcome === 'applied' && this.reports(hlcFromString(change.id)?.replica)) {
        result.reinstated.push(reject(change.id, 'applied', change.block))
      }
      // a merge that only now takes effect (an older op arrived) may need a MERGE-2 restore
      const merge = this.merges.get(change.id)
      if (merge !== undefined && change.block === merge.from && change.outcome === 'applied') {
        if (hlcFromString(change.id)?.replica !== this.replica) mergesToCheck.push(change.id)
      }
    }
  }

  /** MERGE-2 (see merge-restore.ts): restore what this replica put into a merged block. */
  private restoreAfterMerge(mergeId: OpId, result: ApplyResult): void {
    const context = {
      tree: this.tree,
      texts: this.texts,
      merges: this.merges,
      replica: this.replica,
    }
    for (const move of restoreMoves(context, mergeId)) {
      const placement =
        move.after === undefined
          ? { parent: move.parent }
          : { parent: move.parent, after: move.after }
      result.generated.push(this.moveBlock(move.block, placement))
    }
  }

  // ---------------------------------------------------------------- log maintenance

  /**
   * Log truncation at causal stability: drops log entries at or below `stable`. The caller
   * guarantees no op at or below `stable` will arrive any more (the server knows it).
   */
  truncateLog(stable: OpId): number {
    const dropped = this.tree.truncate(stable)
    for (const id of this.seen) if (id <= stable) this.seen.delete(id)
    for (const id of this.merges.keys()) if (id <= stable) this.merges.delete(id)
    return dropped
  }

  // ---------------------------------------------------------------- snapshots

  /** The whole replica state as bytes; `fromSnapshot` + the ops after it = full replay. */
  encodeSnapshot(options: SnapshotOptions = {}): Uint8Array {
    const content = options.content ?? (() => true)
    const props: Array<[BlockId, string, PropValue, OpId]> = []
    for (const [block, key, register] of this.properties.allEntries())
      if (key === TYPE_PROPERTY || content(block))
        props.push([block, key, register.value, register.id])
    return encodeReplicaState({
      tree: this.tree.exportState(),
      created: [...this.created],
      seen: [...this.seen],
      merges: [...this.merges].map(([id, m]) => [id, m.into, m.from]),
      props,
      texts: [...this.texts.blocks()]
        .filter(content)
        .map((block) => [block, Y.encodeStateAsUpdate(this.texts.doc(block))]),
      buffered: this.buffer.all(),
    })
  }

  /** A replica restored from a snapshot (of any replica) under a new identity. */
  static fromSnapshot(bytes: Uint8Array, options: ReplicaOptions): DocumentReplica {
    const state = decodeReplicaState(bytes)
    const replica = new DocumentReplica(options)
    replica.tree = MoveTree.fromState(state.tree)
    for (const [block, id] of state.created) replica.created.set(block, id)
    for (const id of state.seen) replica.seen.add(id)
    for (const [id, into, from] of state.merges) replica.merges.set(id, { into, from })
    for (const [block, key, value, id] of state.props) replica.properties.set(block, key, value, id)
    // A replica id is a Yjs client id (TEXT-1): restoring under an id that wrote into the
    // snapshot would reuse its Yjs clocks (and Yjs would silently pick another client id).
    for (const [block, update] of state.texts) replica.texts.applyUpdate(block, update, 'snapshot')
    if (replica.texts.hasTextBy(options.replica)) {
      throw new SnapshotError(
        `replica ${options.replica} wrote into this snapshot: restore under a new replica id`,
      )
    }
    let newest = ''
    for (const id of state.seen) if (id > newest) newest = id
    for (const envelope of state.buffered) replica.parkRestored(envelope)
    // the clock must run past every stamp the snapshot holds (HLC-2)
    const stamp = hlcFromString(newest)
    if (stamp !== undefined) receive(replica.clock, stamp)
    return replica
  }

  private parkRestored(envelope: Envelope): void {
    const missing = this.missingDependency(envelope)
    if (missing !== undefined) this.buffer.park(missing, envelope)
  }
}
