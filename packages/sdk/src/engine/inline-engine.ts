/**
 * The document engine on the calling thread: one `DocumentReplica` (core), the undo history,
 * and the views of what the room watches. Node, tests and SSR use it; a worker engine will
 * wrap this same logic behind `postMessage`.
 *
 * Invariants: a watched block's or child list's last pushed value equals what the replica
 * holds after every command (pushed only when it differs, or when its text log has news); the
 * replica is only replaced by `load`/`rebind`, and watches, views and history survive the swap
 * (history is by block and character ids, which a snapshot keeps), text logs do not (each
 * starts a new history, at a revision past the old one's).
 *
 * Text edits and splits that carry a revision are rebased over the changes their block's text
 * went through since (text-log.ts); inline, the room's revision is always the current one, so
 * the rebase changes nothing.
 */
import {
  type BlockId,
  DocumentReplica,
  type Envelope,
  encodeRelativePosition,
  exportMarkdown,
  ROOT_ID,
  TRASH_ID,
} from '@markdownsync/core'
import { applyStep, EditRefused, makeEdit } from './edits.js'
import type {
  BlockView,
  DocumentEngine,
  EngineAnswers,
  EngineCommand,
  EngineEvent,
  EngineIdentity,
  EngineOptions,
  EngineQuery,
  LocalEdit,
  TextRevision,
} from './engine.js'
import { EditHistory, type HistoryStep, type StepGroup } from './history.js'
import { resolveRelativePosition } from './text-items.js'
import { TextLog } from './text-log.js'

export type InlineEngineOptions = EngineOptions

export class InlineEngine implements DocumentEngine {
  private replica: DocumentReplica | undefined
  private detach: (() => void) | undefined
  private readonly listeners = new Set<(event: EngineEvent) => void>()
  /** Watched blocks and the key of the view last pushed ('' for none). */
  private readonly watchedBlocks = new Map<BlockId, string>()
  private readonly watchedChildren = new Map<BlockId, readonly BlockId[]>()
  /** Child lists watched since the last flush: pushed even when empty. */
  private readonly pendingChildren = new Set<BlockId>()
  private changed = new Set<BlockId>()
  /** The text logs of watched blocks that exist (created on the flush that first sees them). */
  private readonly logs = new Map<BlockId, TextLog>()
  /** The revision a block's next text log starts at: past every revision an old one named. */
  private readonly nextRevision = new Map<BlockId, number>()
  private everything = false
  private local: Envelope[] = []
  private readonly history: EditHistory
  private historyState = { canUndo: false, canRedo: false }
  private disposed = false

  constructor(private readonly options: InlineEngineOptions = {}) {
    this.history = new EditHistory(options.history)
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  dispose(): void {
    this.disposed = true
    this.detach?.()
    this.dropLogs()
    this.replica = undefined
    this.listeners.clear()
  }

  post(command: EngineCommand): void {
    if (this.disposed) return
    try {
      this.handle(command)
    } catch (error) {
      if (error instanceof EditRefused)
        this.emit({ type: 'refused', code: 'invalid_edit', message: error.message })
      else throw error
    } finally {
      this.flush()
    }
  }

  async query<Q extends EngineQuery>(query: Q): Promise<EngineAnswers[Q['type']]> {
    return this.answer(query) as EngineAnswers[Q['type']]
  }

  // ------------------------------------------------------------------ commands

  private handle(command: EngineCommand): void {
    switch (command.type) {
      case 'load':
        this.load(command.snapshot, command.identity, command.replay)
        return
      case 'rebind': {
        const current = this.replica
        if (current === undefined) return
        const { replica, user, session } = command.identity
        if (current.replica === replica && current.user === user && current.session === session)
          return
        this.load(current.encodeSnapshot(), command.identity, [])
        return
      }
      case 'apply':
        this.replica?.apply(command.envelopes)
        return
      case 'catch_up':
        this.replica?.applyCatchUp(command.blocks)
        return
      case 'edit':
        this.edit(command.edit)
        return
      case 'batch':
        if (command.phase === 'start') this.history.beginBatch()
        else this.history.endBatch()
        return
      case 'undo':
      case 'redo':
        this.undoOrRedo(command.type)
        return
      case 'watch':
        this.watch(command.what, command.id, command.on)
        return
    }
  }

  private load(snapshot: Uint8Array, identity: EngineIdentity, replay: readonly Envelope[]): void {
    let replica: DocumentReplica
    try {
      replica = DocumentReplica.fromSnapshot(snapshot, {
        replica: identity.replica,
        user: identity.user,
        session: identity.session,
        ...(this.options.random === undefined ? {} : { random: this.options.random }),
      })
    } catch (error) {
      this.emit({
        type: 'failed',
        message: `the snapshot did not load: ${(error as Error).message}`,
      })
      return
    }
    this.detach?.()
    this.dropLogs()
    this.replica = replica
    const offs = [
      replica.onLocalOp((envelope) => this.local.push(envelope)),
      replica.onChange((event) => {
        for (const block of event.blocks) this.changed.add(block)
      }),
    ]
    this.detach = () => {
      for (const off of offs) off()
    }
    // the outbox, whose ops the snapshot does not hold yet (they apply as remote ops: they
    // carry an older replica id)
    if (replay.length > 0) replica.apply(replay)
    this.everything = true
    this.emit({ type: 'loaded', replica: identity.replica })
  }

  private watch(what: 'block' | 'children', id: BlockId, on: boolean): void {
    if (what === 'block') {
      if (!on) {
        this.watchedBlocks.delete(id)
        this.dropLog(id)
      } else if (!this.watchedBlocks.has(id)) {
        this.watchedBlocks.set(id, '\u0000') // never equal to a real key: pushed on the flush
        this.changed.add(id)
      }
      return
    }
    if (!on) this.watchedChildren.delete(id)
    else if (!this.watchedChildren.has(id)) {
      this.watchedChildren.set(id, [])
      this.changed.add(id)
      // pushed even when empty, so a mirror waiting for its first value gets one
      this.pendingChildren.add(id)
    }
  }

  // ------------------------------------------------------------------ edits

  private edit(edit: LocalEdit): void {
    const r = this.replica
    if (r === undefined) {
      this.emit({ type: 'refused', code: 'not_loaded', message: 'the document has not loaded yet' })
      return
    }
    const textBlock =
      edit.kind === 'edit_text' || edit.kind === 'replace_text' ? edit.block : undefined
    const log =
      (edit.kind === 'edit_text' || edit.kind === 'split_block') && edit.revision !== undefined
        ? this.logs.get(edit.block)
        : undefined
    if (log === undefined || (edit.kind !== 'edit_text' && edit.kind !== 'split_block')) {
      this.history.record(makeEdit(r, edit), textBlock)
      return
    }
    this.changed.add(edit.block)
    const revision = edit.revision ?? log.revision
    const rebased =
      edit.kind === 'edit_text'
        ? rebaseDelta(log, edit, revision)
        : rebaseOffset(log, edit, revision)
    if (rebased === undefined) {
      if (edit.kind === 'edit_text') log.resync()
      throw new EditRefused(
        `the edit of block ${edit.block} was made on revision ${revision} of its text, ` +
          'which is too old to rebase: the block was sent again',
      )
    }
    const mark = log.mark
    let made = false
    try {
      this.history.record(makeEdit(r, rebased), textBlock)
      made = true
    } finally {
      // the room waits for its text edit's acknowledgement: a refusal resyncs it instead
      if (edit.kind === 'edit_text' && edit.seq !== undefined) {
        if (made) log.acknowledge(mark, edit.seq)
        else log.resync()
      }
    }
  }

  /** Ends the text logs (a new replica, or the engine is done). */
  private dropLogs(): void {
    for (const id of [...this.logs.keys()]) this.dropLog(id)
  }

  private dropLog(id: BlockId): void {
    const log = this.logs.get(id)
    if (log === undefined) return
    log.dispose()
    this.logs.delete(id)
    this.nextRevision.set(id, log.revision + 1)
  }

  /** The block's text log, started when a watched block first exists. */
  private logOf(r: DocumentReplica, id: BlockId): TextLog {
    let log = this.logs.get(id)
    if (log === undefined) {
      log = new TextLog(this.nextRevision.get(id) ?? 0, r.yText(id), () => this.changed.add(id))
      this.logs.set(id, log)
    }
    return log
  }

  // ------------------------------------------------------------------ undo / redo

  private undoOrRedo(which: 'undo' | 'redo'): void {
    const r = this.replica
    if (r === undefined) {
      this.emit({ type: 'refused', code: 'not_loaded', message: 'the document has not loaded yet' })
      return
    }
    const entry = which === 'undo' ? this.history.takeUndo() : this.history.takeRedo()
    if (entry === undefined) return
    const done: StepGroup[] = []
    for (let g = entry.groups.length - 1; g >= 0; g--) {
      const group = entry.groups[g]!
      const inverse: HistoryStep[] = []
      for (const step of group) inverse.unshift(...applyStep(r, step))
      done.push(inverse)
    }
    if (which === 'undo') this.history.pushRedo(done)
    else this.history.pushUndo(done)
  }

  // ------------------------------------------------------------------ queries

  private answer(query: EngineQuery): EngineAnswers[EngineQuery['type']] {
    const r = this.replica
    switch (query.type) {
      case 'encode_cursor': {
        if (r === undefined || !r.exists(query.block)) return undefined
        const text = r.yText(query.block)
        return {
          anchor: encodeRelativePosition(text, query.index),
          ...(query.head === undefined ? {} : { head: encodeRelativePosition(text, query.head) }),
        }
      }
      case 'resolve_cursors':
        return query.cursors.map((cursor) => {
          if (r === undefined || !r.exists(cursor.block)) return undefined
          const text = r.yText(cursor.block)
          const index = resolveRelativePosition(text, cursor.anchor)
          if (index === undefined) return undefined
          const head =
            cursor.head === undefined ? undefined : resolveRelativePosition(text, cursor.head)
          return head === undefined ? { index } : { index, head }
        })
      case 'markdown':
        return r === undefined ? '' : exportMarkdown(r)
      case 'canonical':
        return r?.toCanonical()
    }
  }

  // ------------------------------------------------------------------ events

  private emit(event: EngineEvent): void {
    for (const listener of [...this.listeners]) listener(event)
  }

  /** After every command: the ops made, the watched views that changed, the history state. */
  private flush(): void {
    if (this.local.length > 0) {
      const envelopes = this.local
      this.local = []
      this.emit({ type: 'local_ops', envelopes })
    }
    const changed = this.changed
    const everything = this.everything
    this.changed = new Set()
    this.everything = false
    const r = this.replica
    if (changed.size > 0 || everything) {
      const blocks: Array<readonly [BlockId, BlockView | undefined, TextRevision?]> = []
      for (const [id, lastKey] of this.watchedBlocks) {
        if (!everything && !changed.has(id)) continue
        const view = r === undefined ? undefined : viewOf(r, id)
        const key = view === undefined ? '' : JSON.stringify(view)
        if (view === undefined) {
          this.dropLog(id)
          if (key === lastKey) continue
          this.watchedBlocks.set(id, key)
          blocks.push([id, view])
          continue
        }
        const log = this.logOf(r!, id)
        // the room waits for its edits' acknowledgements even when the view did not change
        if (key === lastKey && !log.pending) continue
        this.watchedBlocks.set(id, key)
        blocks.push([id, view, log.take()])
      }
      if (blocks.length > 0) this.emit({ type: 'blocks', changes: blocks })
      const children: Array<readonly [BlockId, readonly BlockId[]]> = []
      for (const [id, last] of this.watchedChildren) {
        // a block that moved away changes its old parent's list too, which the replica's
        // change event does not name: so any list holding a changed block is read again
        const stale = everything || changed.has(id) || last.some((child) => changed.has(child))
        if (!stale) continue
        const now = r === undefined ? [] : [...r.children(id)]
        if (!this.pendingChildren.has(id) && sameIds(now, last)) continue
        this.pendingChildren.delete(id)
        this.watchedChildren.set(id, now)
        children.push([id, now])
      }
      if (children.length > 0) this.emit({ type: 'children', changes: children })
    }
    const state = { canUndo: this.history.canUndo, canRedo: this.history.canRedo }
    if (
      state.canUndo !== this.historyState.canUndo ||
      state.canRedo !== this.historyState.canRedo
    ) {
      this.historyState = state
      this.emit({ type: 'history', ...state })
    }
  }
}

const rebaseDelta = (
  log: TextLog,
  edit: Extract<LocalEdit, { kind: 'edit_text' }>,
  revision: number,
): LocalEdit | undefined => {
  if (!Array.isArray(edit.delta)) return edit // refused as it is, by makeEdit
  const delta = log.rebase(edit.delta, revision)
  return delta === undefined ? undefined : { ...edit, delta }
}

const rebaseOffset = (
  log: TextLog,
  edit: Extract<LocalEdit, { kind: 'split_block' }>,
  revision: number,
): LocalEdit | undefined => {
  if (!Number.isInteger(edit.offset)) return edit
  const offset = log.rebasePosition(edit.offset, revision)
  return offset === undefined ? undefined : { ...edit, offset }
}

const viewOf = (r: DocumentReplica, id: BlockId): BlockView | undefined => {
  if (id === ROOT_ID || id === TRASH_ID || !r.exists(id)) return undefined
  return { id, type: r.type(id), props: r.props(id), text: r.delta(id), parent: r.parent(id) }
}

const sameIds = (a: readonly BlockId[], b: readonly BlockId[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i])

/** The engine a room uses unless told otherwise. */
export const createInlineEngine = (options: InlineEngineOptions = {}): DocumentEngine =>
  new InlineEngine(options)
