/**
 * The move-tree CRDT of Kleppmann, Mulligan, Gomes and Beresford, "A highly-available move
 * operation for replicated trees" (IEEE TPDS 2022): every structural operation goes into a log
 * ordered by op id (= HLC order); an operation that arrives late undoes the log back to its
 * place, applies, and redoes what it passed (§3, undo-do-redo). The tree is therefore always
 * the result of applying every operation in id order, whatever the delivery order.
 *
 * On top of the paper, the product's structure rules (apps/docs/spec/rules.md):
 * MOVE-1 cycle-forming moves are ignored but logged; MOVE-2 each move names the block's move
 * register as its author saw it, and a move whose `prev` is stale lost to an older concurrent
 * move; MOVE-3 delete is a move to the trash keeping the key; CREATE-1 a second creation of an
 * id is a duplicate; CREATE-3 a late creation of a block nobody references skips undo/redo.
 *
 * Invariants (checked by `checkTreeInvariants` after every step of the simulator):
 * - every created block has exactly one parent, and following parents from any block reaches
 *   `root` or `trash` (no cycles);
 * - the children index agrees with the parent pointers, in (key, id) order;
 * - the log is sorted by id, without duplicates.
 */
import { type BlockId, ROOT_ID, TRASH_ID } from '../ids.js'
import type { OpId } from '../ops.js'
import { SiblingList } from './sibling-list.js'

export interface TreeMove {
  readonly block: BlockId
  readonly parent: BlockId
  /** null keeps the block's current key (delete, MOVE-3). */
  readonly key: string | null
  /** The move register of `block` as the author saw it (ignored for creations). */
  readonly prev: OpId | null
  /** This move creates the block. */
  readonly create?: boolean
}

export interface TreeOp {
  readonly id: OpId
  readonly moves: readonly TreeMove[]
}

export const MOVE_OUTCOMES = [
  'applied',
  'cycle',
  'concurrent_move',
  'duplicate_block',
  'unknown_block',
] as const
export type MoveOutcome = (typeof MOVE_OUTCOMES)[number]

export interface OutcomeChange {
  readonly id: OpId
  readonly index: number
  readonly block: BlockId
  readonly outcome: MoveOutcome
}

/**
 * A block in the tree. Parents and children are object references, not ids: the hot paths
 * (ancestor walk for MOVE-1, binary search among siblings) then touch no hash map.
 * Siblings are kept sorted by (key, id) in `children`.
 */
interface TreeNode {
  readonly id: BlockId
  parent: TreeNode | null
  key: string
  /** MOVE-2's register: id of the last move of this block that passed the concurrency check. */
  register: OpId | null
  children: SiblingList<TreeNode>
  /** The op that created this block ('' for root and trash). */
  readonly createdBy: OpId
  /** Cached ids of `children`, rebuilt on read after a change. */
  childIds: BlockId[] | null
}

/** What a move replaced, so it can be undone. `parent === undefined`: the move created it. */
interface UndoRecord {
  readonly node: TreeNode
  readonly parent: TreeNode | null | undefined
  readonly key: string
  readonly register: OpId | null
}

interface LogEntry {
  readonly id: OpId
  /**
   * The op's moves: the move itself for a single-move op (nearly all of them), else the
   * array. The log holds every op until truncation, so each object it keeps costs GC time:
   * not keeping the op wrapper and a one-element array made local moves ~10% faster.
   */
  readonly move: TreeMove | readonly TreeMove[]
  outcomes: MoveOutcome[]
  /** One record for a single-move op, else one per move that changed something. */
  undo: UndoRecord | UndoRecord[]
}

const NO_UNDO: UndoRecord[] = []

const isMoveList = (move: TreeMove | readonly TreeMove[]): move is readonly TreeMove[] =>
  Array.isArray(move)

const movesOf = (entry: LogEntry): readonly TreeMove[] =>
  isMoveList(entry.move) ? entry.move : [entry.move]

const newEntry = (op: TreeOp): LogEntry => ({
  id: op.id,
  move: op.moves.length === 1 ? op.moves[0]! : op.moves,
  outcomes: NOT_DONE,
  undo: NO_UNDO,
})
/** Outcomes of an entry not done yet (shared: doEntry replaces it, never writes into it). */
const NOT_DONE: MoveOutcome[] = []
const SINGLE_OUTCOME: Record<MoveOutcome, MoveOutcome[]> = {
  applied: ['applied'],
  cycle: ['cycle'],
  concurrent_move: ['concurrent_move'],
  duplicate_block: ['duplicate_block'],
  unknown_block: ['unknown_block'],
}

/** Plain-data form of a MoveTree (see exportState). Undo parent null = the move created it. */
export interface MoveTreeState {
  stable: OpId
  nodes: Array<[BlockId, BlockId, string, OpId | null, OpId]>
  log: Array<
    [
      OpId,
      Array<[BlockId, BlockId, string | null, OpId | null, boolean]>,
      MoveOutcome[],
      Array<[BlockId, BlockId | null, string, OpId | null]>,
    ]
  >
}
const EMPTY_IDS: readonly BlockId[] = Object.freeze([])

const newNode = (
  id: BlockId,
  parent: TreeNode | null,
  key: string,
  register: OpId | null,
  createdBy: OpId = register ?? '',
): TreeNode => ({
  id,
  parent,
  key,
  register,
  children: new SiblingList<TreeNode>(),
  createdBy,
  childIds: null,
})

const attach = (parent: TreeNode, node: TreeNode): void => {
  parent.children.insert(node)
  node.parent = parent
  parent.childIds = null
}

const detach = (node: TreeNode): void => {
  const parent = node.parent
  if (parent === null) return
  parent.children.remove(node)
  parent.childIds = null
}

export class MoveTree {
  private readonly nodes = new Map<BlockId, TreeNode>()
  private readonly root = newNode(ROOT_ID, null, '', null)
  private readonly trash = newNode(TRASH_ID, null, '', null)
  private log: LogEntry[] = []
  /** Ops at or below this id were truncated away (causally stable); none may arrive again. */
  private stable: OpId = ''
  private changes: OutcomeChange[] = []
  /** Blocks that logged ops named before they existed: creating one later needs undo/redo. */
  private readonly namedEarly = new Set<BlockId>()

  constructor() {
    this.nodes.set(ROOT_ID, this.root)
    this.nodes.set(TRASH_ID, this.trash)
  }

  has(block: BlockId): boolean {
    return this.nodes.has(block)
  }

  parentOf(block: BlockId): BlockId | undefined {
    return this.nodes.get(block)?.parent?.id
  }

  keyOf(block: BlockId): string | undefined {
    return this.nodes.get(block)?.key
  }

  registerOf(block: BlockId): OpId | null {
    return this.nodes.get(block)?.register ?? null
  }

  childrenOf(parent: BlockId): readonly BlockId[] {
    const node = this.nodes.get(parent)
    if (node === undefined || node.children.length === 0) return EMPTY_IDS
    if (node.childIds === null) node.childIds = node.children.map((child) => child.id)
    return node.childIds
  }

  childCount(parent: BlockId): number {
    return this.nodes.get(parent)?.children.length ?? 0
  }

  /** The child at `index` under `parent`, without materialising the children list. */
  childAt(parent: BlockId, index: number): BlockId | undefined {
    return this.nodes.get(parent)?.children.at(index)?.id
  }

  /**
   * The keys around slot `index` of `parent`'s children (0 = before the first), to compute a
   * position for a block placed there. `skip` is left out of the count: a block moving among
   * its own siblings does not stand in its own way.
   */
  neighbourKeys(parent: BlockId, index: number, skip?: BlockId): [string | null, string | null] {
    const node = this.nodes.get(parent)
    if (node === undefined) return [null, null]
    const children = node.children
    let lo = index - 1
    let hi = index
    const skipped = skip === undefined ? undefined : this.nodes.get(skip)
    if (skipped !== undefined && skipped.parent === node) {
      const at = children.indexOf(skipped)
      if (at <= lo) lo++
      if (at <= hi) hi++
    }
    return [children.at(lo)?.key ?? null, children.at(hi)?.key ?? null]
  }

  /**
   * The keys a block placed under `parent` right after sibling `after` must fall between
   * (`after` null: first; undefined, or not a child of `parent`: last). `skip` is left out:
   * a block moving among its own siblings does not stand in its own way. O(log n).
   */
  gapAfter(
    parent: BlockId,
    after: BlockId | null | undefined,
    skip?: BlockId,
  ): [before: string | null, after: string | null, next: BlockId | undefined] {
    const children = this.nodes.get(parent)?.children
    if (children === undefined) return [null, null, undefined]
    const skipped = (entry: TreeNode | undefined): boolean =>
      entry !== undefined && entry.id === skip
    const afterNode = after === null || after === undefined ? undefined : this.nodes.get(after)
    if (after === undefined || (after !== null && afterNode?.parent?.id !== parent)) {
      let last = children.last()
      if (skipped(last)) last = children.at(children.length - 2)
      return [last?.key ?? null, null, undefined]
    }
    const index = afterNode === undefined ? -1 : children.indexOf(afterNode)
    let next = children.at(index + 1)
    if (skipped(next)) next = children.at(index + 2)
    return [afterNode?.key ?? null, next?.key ?? null, next?.id]
  }

  /** The root (`root` or `trash`) a block hangs under. */
  rootOf(block: BlockId): BlockId | undefined {
    let at = this.nodes.get(block)
    if (at === undefined) return undefined
    while (at.parent !== null) at = at.parent
    return at.id
  }

  /** Number of blocks, not counting `root` and `trash`. */
  get size(): number {
    return this.nodes.size - 2
  }

  get logLength(): number {
    return this.log.length
  }

  get stableId(): OpId {
    return this.stable
  }

  /** Every block, not counting `root` and `trash`. */
  *blocks(): IterableIterator<BlockId> {
    for (const id of this.nodes.keys()) if (id !== ROOT_ID && id !== TRASH_ID) yield id
  }

  /** Outcome changes of already-logged moves caused by late operations since the last call. */
  takeOutcomeChanges(): OutcomeChange[] {
    const out = this.changes
    this.changes = []
    return out
  }

  /** Whether the log holds an op with this id (ops below the stable point are gone). */
  hasLogged(id: OpId): boolean {
    const at = this.searchLog(id)
    return at < this.log.length && this.log[at]!.id === id
  }

  outcomesOf(id: OpId): readonly MoveOutcome[] | undefined {
    const entry = this.log[this.searchLog(id)]
    return entry !== undefined && entry.id === id ? entry.outcomes : undefined
  }

  /** The logged ops, oldest first (for snapshots). */
  loggedOps(): TreeOp[] {
    return this.log.map((entry) => ({ id: entry.id, moves: movesOf(entry) }))
  }

  /**
   * Applies one operation, in any order relative to others. Returns its outcomes, or
   * undefined for a duplicate or for an op older than the stable point (which cannot be
   * integrated any more: the caller promised it would not arrive).
   */
  apply(op: TreeOp): readonly MoveOutcome[] | undefined {
    if (op.id <= this.stable) return undefined
    const log = this.log
    const last = log[log.length - 1]
    if (last === undefined || op.id > last.id) {
      const entry = newEntry(op)
      this.doEntry(entry)
      log.push(entry)
      return entry.outcomes
    }
    const at = this.searchLog(op.id)
    if (log[at]!.id === op.id) return undefined
    const entry = newEntry(op)
    if (this.isUnreferencedCreation(op)) {
      // CREATE-3: no logged op names these blocks, so no later outcome can change.
      this.doEntry(entry)
      log.splice(at, 0, entry)
      return entry.outcomes
    }
    this.beginSweep()
    try {
      const undone = this.undoTo(at)
      this.doEntry(entry)
      log.push(entry)
      for (const old of undone) {
        this.redoEntry(old)
        log.push(old)
      }
    } finally {
      this.endSweep()
    }
    return entry.outcomes
  }

  /**
   * Applies many operations with one undo/redo pass: undo back to the oldest new op, then
   * merge the new ops with the undone entries in id order. Merging two replicas' n concurrent
   * moves costs O(n log n) instead of the O(n²) of applying them one by one.
   */
  applyMany(ops: readonly TreeOp[]): void {
    const fresh = ops
      .filter((op) => op.id > this.stable)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    if (fresh.length === 0) return
    this.beginSweep()
    try {
      this.mergeIntoLog(fresh)
    } finally {
      this.endSweep()
    }
  }

  private mergeIntoLog(fresh: readonly TreeOp[]): void {
    const undone = this.undoTo(this.searchLog(fresh[0]!.id))
    const log = this.log
    let lastId = log.length > 0 ? log[log.length - 1]!.id : ''
    let i = 0
    let j = 0
    while (i < fresh.length || j < undone.length) {
      const next = fresh[i]
      const old = undone[j]
      if (old !== undefined && (next === undefined || old.id <= next.id)) {
        this.redoEntry(old)
        log.push(old)
        lastId = old.id
        j++
      } else {
        i++
        if (next!.id === lastId) continue // duplicate of a logged op or within the batch
        const entry = newEntry(next!)
        this.doEntry(entry)
        log.push(entry)
        lastId = next!.id
      }
    }
  }

  /**
   * Drops log entries at or below `stable`: no op older than them can arrive any more, so
   * they will never be undone (log truncation at causal stability, §3.3 of the paper).
   */
  truncate(stable: OpId): number {
    if (stable <= this.stable) return 0
    const n = this.searchLog(stable + '\uffff')
    if (n > 0) this.log = this.log.slice(n)
    this.stable = stable
    return n
  }

  /** The whole state, log and undo records included, as plain data (for snapshots). */
  exportState(): MoveTreeState {
    const nodes: MoveTreeState['nodes'] = []
    for (const node of this.nodes.values()) {
      if (node.parent !== null)
        nodes.push([node.id, node.parent.id, node.key, node.register, node.createdBy])
    }
    const log = this.log.map((entry): MoveTreeState['log'][number] => [
      entry.id,
      movesOf(entry).map((m) => [m.block, m.parent, m.key, m.prev, m.create === true]),
      entry.outcomes,
      (Array.isArray(entry.undo) ? entry.undo : [entry.undo]).map((u) => [
        u.node.id,
        u.parent === undefined ? null : (u.parent?.id ?? ''),
        u.key,
        u.register,
      ]),
    ])
    return { stable: this.stable, nodes, log }
  }

  static fromState(state: MoveTreeState): MoveTree {
    const tree = new MoveTree()
    tree.stable = state.stable
    for (const [id, , key, register] of state.nodes)
      tree.nodes.set(id, newNode(id, null, key, register))
    for (const [id, parent] of state.nodes) {
      const parentNode = tree.nodes.get(parent)
      if (parentNode === undefined) throw new Error(`snapshot: ${id} has unknown parent ${parent}`)
      attach(parentNode, tree.nodes.get(id)!)
    }
    tree.log = state.log.map(([id, moves, outcomes, undo]) => ({
      ...newEntry({
        id,
        moves: moves.map(([block, parent, key, prev, create]) =>
          create ? { block, parent, key, prev, create } : { block, parent, key, prev },
        ),
      }),
      outcomes: [...outcomes],
      undo: undo.map(([block, parent, key, register]) => {
        const node = tree.nodes.get(block) ?? newNode(block, null, key, register)
        return {
          node,
          parent: parent === null ? undefined : (tree.nodes.get(parent) ?? null),
          key,
          register,
        }
      }),
    }))
    return tree
  }

  private searchLog(id: OpId): number {
    const log = this.log
    let lo = 0
    let hi = log.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (log[mid]!.id < id) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  private isUnreferencedCreation(op: TreeOp): boolean {
    for (const move of op.moves) {
      if (!move.create || this.nodes.has(move.block) || this.namedEarly.has(move.block))
        return false
      // the parent must already exist at this point of the log, not only later in it
      const parent = this.nodes.get(move.parent)
      if (parent === undefined || parent.createdBy >= op.id) return false
    }
    return true
  }

  /** Undoes log entries from the end down to index `at`; returns them oldest first. */
  private undoTo(at: number): LogEntry[] {
    const undone = this.log.splice(at)
    for (let i = undone.length - 1; i >= 0; i--) this.undoEntry(undone[i]!)
    return undone
  }

  private redoEntry(entry: LogEntry): void {
    const before = entry.outcomes
    this.doEntry(entry)
    const after = entry.outcomes
    for (let k = 0; k < after.length; k++) {
      if (after[k] !== before[k]) {
        const block = movesOf(entry)[k]!.block
        this.changes.push({ id: entry.id, index: k, block, outcome: after[k]! })
      }
    }
  }

  private doEntry(entry: LogEntry): void {
    const id = entry.id
    const move = entry.move
    // Single-move ops (almost all of them) share outcome arrays and keep one undo record
    // without an array: two fewer allocations per logged op, and less for the GC to scan.
    if (!isMoveList(move)) {
      const record = this.doMove(id, move)
      entry.outcomes = SINGLE_OUTCOME[this.outcome]
      entry.undo = record ?? NO_UNDO
      return
    }
    const moves = move
    const outcomes: MoveOutcome[] = new Array(moves.length)
    const undo: UndoRecord[] = []
    for (let k = 0; k < moves.length; k++) {
      const record = this.doMove(id, moves[k]!)
      outcomes[k] = this.outcome
      if (record !== undefined) undo.push(record)
    }
    entry.outcomes = outcomes
    entry.undo = undo
  }

  /** Outcome of the last `doMove` (a field, so doMove need not allocate a result pair). */
  private outcome: MoveOutcome = 'applied'

  /** Applies one move by MOVE-1/MOVE-2/CREATE-1; returns what to undo, if anything changed. */
  private doMove(id: OpId, move: TreeMove): UndoRecord | undefined {
    const node = this.nodes.get(move.block)
    const parent = this.nodes.get(move.parent)
    if (move.create) {
      if (node !== undefined) {
        this.outcome = 'duplicate_block'
        return undefined
      }
      if (parent === undefined) {
        this.namedEarly.add(move.parent)
        this.outcome = 'unknown_block'
        return undefined
      }
      const created = newNode(move.block, null, move.key ?? '', id)
      this.nodes.set(move.block, created)
      this.place(created, parent, created.key)
      this.outcome = 'applied'
      return { node: created, parent: undefined, key: '', register: null }
    }
    if (node === undefined || parent === undefined || node.parent === null) {
      this.namedEarly.add(move.block).add(move.parent)
      this.outcome = 'unknown_block'
      return undefined
    }
    if (move.prev !== node.register) {
      this.outcome = 'concurrent_move'
      return undefined
    }
    const record: UndoRecord = { node, parent: node.parent, key: node.key, register: node.register }
    // The register records every move that passed MOVE-2, even one MOVE-1 then ignores,
    // so the author's next move (whose prev is this one) is not taken for a concurrent one.
    node.register = id
    if (this.wouldCycle(node, parent)) {
      this.outcome = 'cycle'
    } else {
      this.place(node, parent, move.key ?? node.key)
      this.outcome = 'applied'
    }
    return record
  }

  /**
   * Where each node moved during an undo/redo sweep stood before it (parent, key), or
   * undefined outside a sweep. During a sweep only parent pointers and keys change — MOVE-1
   * and MOVE-2 read nothing else — and the sibling lists are fixed once at the end for the
   * nodes whose place really changed. A late op at depth d used to cost 4d sibling-list
   * updates; now it costs the few its net effect needs.
   */
  private sweep: Map<TreeNode, { parent: TreeNode | null; key: string }> | undefined

  private place(node: TreeNode, parent: TreeNode, key: string): void {
    if (this.sweep !== undefined) {
      if (!this.sweep.has(node)) this.sweep.set(node, { parent: node.parent, key: node.key })
      node.parent = parent
      node.key = key
      return
    }
    detach(node)
    node.key = key
    attach(parent, node)
  }

  private unplace(node: TreeNode): void {
    if (this.sweep !== undefined) {
      if (!this.sweep.has(node)) this.sweep.set(node, { parent: node.parent, key: node.key })
    } else {
      detach(node)
    }
    node.parent = null
  }

  private beginSweep(): void {
    this.sweep = new Map()
  }

  /** Brings the sibling lists in line with the parent pointers and keys after a sweep. */
  private endSweep(): void {
    const moved = this.sweep!
    this.sweep = undefined
    const changed: Array<[TreeNode, TreeNode | null, string]> = []
    for (const [node, before] of moved) {
      if (node.parent === before.parent && node.key === before.key) continue
      changed.push([node, node.parent, node.key])
      // back to the key it is listed under, so every list is ordered by its entries' keys
      node.key = before.key
    }
    for (const [node] of changed) {
      const before = moved.get(node)!
      if (before.parent !== null) {
        before.parent.children.remove(node)
        before.parent.childIds = null
      }
    }
    for (const [node, parent, key] of changed) {
      node.key = key
      node.parent = parent
      if (parent !== null) {
        parent.children.insert(node)
        parent.childIds = null
      }
    }
  }

  /** MOVE-1: moving `node` under `parent` would cycle when `node` is `parent` or above it. */
  private wouldCycle(node: TreeNode, parent: TreeNode): boolean {
    for (let at: TreeNode | null = parent; at !== null; at = at.parent) {
      if (at === node) return true
    }
    return false
  }

  private undoEntry(entry: LogEntry): void {
    const undo = entry.undo
    if (!Array.isArray(undo)) {
      this.undoMove(undo as UndoRecord)
      return
    }
    for (let k = undo.length - 1; k >= 0; k--) this.undoMove(undo[k]!)
  }

  private undoMove(record: UndoRecord): void {
    const node = record.node
    if (record.parent === undefined) {
      this.unplace(node)
      this.nodes.delete(node.id)
      return
    }
    node.register = record.register
    if (node.parent !== record.parent || node.key !== record.key) {
      this.place(node, record.parent!, record.key)
    }
  }
}
