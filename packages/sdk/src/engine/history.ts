/**
 * The undo and redo stacks of one user's own changes. An entry holds step groups: each group
 * is the inverse of one edit, as steps to apply in order. Text steps are by character id
 * (text-changes.ts: Yjs UndoManager semantics); structure and property steps are inverse ops
 * (put a block back where it was, set a property back, merge what a split made).
 *
 * Undoing an entry applies its groups from the last to the first and records what that did,
 * inverted, as a redo entry; redo does the same the other way. Consecutive text edits of one
 * block within `captureTimeoutMs` are one entry, as Y.UndoManager's `captureTimeout`; a batch
 * is one entry. Only local edits are recorded: remote changes are never undone.
 */
import type { BlockId, PropValue } from '@markdownsync/core'
import type { TextChange } from './text-changes.js'

export type HistoryStep =
  | { readonly kind: 'text'; readonly block: BlockId; readonly change: TextChange }
  /** Move the block there; `parent: 'trash'` deletes it. */
  | {
      readonly kind: 'place'
      readonly block: BlockId
      readonly parent: BlockId
      readonly after: BlockId | null
    }
  | {
      readonly kind: 'property'
      readonly block: BlockId
      readonly key: string
      readonly value: PropValue
    }
  | { readonly kind: 'merge'; readonly into: BlockId; readonly from: BlockId }

export type StepGroup = readonly HistoryStep[]

export interface HistoryEntry {
  readonly groups: StepGroup[]
  /** When it was last extended (capture timeout). */
  at: number
  /** Set while the entry is text typed into one block, which the next such edit may join. */
  textBlock: BlockId | undefined
}

export interface HistoryOptions {
  /** Text edits of one block closer than this are one undo step. Default 500 ms. */
  readonly captureTimeoutMs?: number
  /** Entries kept; the oldest are forgotten. Default 500. */
  readonly limit?: number
}

export class EditHistory {
  private readonly undoStack: HistoryEntry[] = []
  private readonly redoStack: HistoryEntry[] = []
  private batch: HistoryEntry | undefined
  private depth = 0
  private readonly captureTimeoutMs: number
  private readonly limit: number

  constructor(options: HistoryOptions = {}) {
    this.captureTimeoutMs = options.captureTimeoutMs ?? 500
    this.limit = options.limit ?? 500
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0
  }

  /** Records the inverse of a local edit; a new edit makes the redo stack meaningless. */
  record(group: StepGroup, textBlock?: BlockId): void {
    if (group.length === 0) return
    this.redoStack.length = 0
    const now = Date.now()
    if (this.batch !== undefined) {
      this.batch.groups.push(group)
      return
    }
    const top = this.undoStack[this.undoStack.length - 1]
    if (
      top !== undefined &&
      textBlock !== undefined &&
      top.textBlock === textBlock &&
      now - top.at < this.captureTimeoutMs
    ) {
      top.groups.push(group)
      top.at = now
      return
    }
    this.push(this.undoStack, { groups: [group], at: now, textBlock })
  }

  beginBatch(): void {
    if (this.depth++ === 0) this.batch = { groups: [], at: Date.now(), textBlock: undefined }
  }

  endBatch(): void {
    if (this.depth === 0) return
    if (--this.depth > 0) return
    const batch = this.batch
    this.batch = undefined
    if (batch !== undefined && batch.groups.length > 0) this.push(this.undoStack, batch)
  }

  /** The entry to undo, taken off its stack. */
  takeUndo(): HistoryEntry | undefined {
    return this.undoStack.pop()
  }

  takeRedo(): HistoryEntry | undefined {
    return this.redoStack.pop()
  }

  /** What undoing did, as groups in the order they were applied. */
  pushRedo(groups: StepGroup[]): void {
    if (groups.some((g) => g.length > 0))
      this.push(this.redoStack, { groups, at: Date.now(), textBlock: undefined })
  }

  /** What redoing did; unlike `record`, it keeps the rest of the redo stack. */
  pushUndo(groups: StepGroup[]): void {
    if (groups.some((g) => g.length > 0))
      this.push(this.undoStack, { groups, at: Date.now(), textBlock: undefined })
  }

  clear(): void {
    this.undoStack.length = 0
    this.redoStack.length = 0
  }

  private push(stack: HistoryEntry[], entry: HistoryEntry): void {
    stack.push(entry)
    if (stack.length > this.limit) stack.splice(0, stack.length - this.limit)
  }
}
