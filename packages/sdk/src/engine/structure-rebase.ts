/**
 * The worker engine's main-thread half of structure edits: child lists and parents show the
 * room's inserts, moves, deletes, splits and merges at once, although the worker applies them
 * later. Without it an app reading `room.children(…)` right after a move reads the list from
 * before it, and two quick Alt+↑ compute the same move twice (the second one lost).
 *
 * What the room sees is the worker's last pushed lists and parents with the structure edits
 * the worker has not handled yet replayed over them (as a server state plus pending
 * mutations). An edit counts as handled once a flush posted right after it is answered: the
 * worker handles messages in order, so by then every event of that edit (its new lists, or
 * its refusal) has arrived. The worker's lists are the truth: a replayed edit that guessed
 * wrong (a concurrent remote change, a refusal) is corrected when the edit is handled.
 *
 * Invariants: `base` holds the worker's lists of the watched child lists it pushed, `parents`
 * the worker's parents of blocks it pushed views of; every list and view the room was shown
 * is `base`/`parents` with `pending` replayed in order.
 *
 * Loaded lazily with the worker engine, like the text rebase (rebase.ts).
 */
import type { BlockId } from '@markdownsync/core'
import type { BlockView, EngineCommand, EngineEvent, LocalEdit } from './engine.js'

type StructureEdit = Extract<
  LocalEdit,
  { kind: 'insert_block' | 'delete_block' | 'move_block' | 'split_block' | 'merge_blocks' }
>

/** Core's TRASH_ID, written out: this chunk imports no values from core. */
const TRASH: BlockId = 'trash'

const isStructureEdit = (edit: LocalEdit): edit is StructureEdit =>
  edit.kind === 'insert_block' ||
  edit.kind === 'delete_block' ||
  edit.kind === 'move_block' ||
  edit.kind === 'split_block' ||
  edit.kind === 'merge_blocks'

/** A block placed under `parent` after `after` (null: first; undefined or absent: last). */
interface Placement {
  readonly block: BlockId
  readonly parent: BlockId
  readonly after: BlockId | null | undefined
}

/** What an edit does to the tree, as placements (a delete places in the trash). */
const placements = (
  edit: StructureEdit,
  parentOf: (id: BlockId) => BlockId | undefined,
  childrenOf: (id: BlockId) => readonly BlockId[],
): Placement[] => {
  switch (edit.kind) {
    case 'insert_block':
    case 'move_block':
      return [{ block: edit.block, parent: edit.parent, after: edit.after }]
    case 'delete_block':
      return [{ block: edit.block, parent: TRASH, after: undefined }]
    case 'split_block': {
      const parent = parentOf(edit.block)
      return parent === undefined ? [] : [{ block: edit.newBlock, parent, after: edit.block }]
    }
    case 'merge_blocks': {
      // MERGE-1: `from`'s children go to the end of `into`, `from` to the trash
      const moved = childrenOf(edit.from).map(
        (child): Placement => ({ block: child, parent: edit.into, after: undefined }),
      )
      return [...moved, { block: edit.from, parent: TRASH, after: undefined }]
    }
  }
}

const sameList = (a: readonly BlockId[], b: readonly BlockId[] | undefined): boolean =>
  b !== undefined && a.length === b.length && a.every((id, i) => id === b[i])

export interface StructureRebase {
  /** A command the room posts (before the text rebase may hold it): a structure edit shows now. */
  post(command: EngineCommand): EngineCommand
  /** Sends a command to the worker, after the text rebase let it go. */
  send(command: EngineCommand): void
  /** An event on its way to the room: lists and parents get the edits not yet handled. */
  emit(event: EngineEvent): void
  /** No structure edit waits for the worker. */
  idle(): boolean
}

export const structureRebase = (
  send: (command: EngineCommand) => void,
  emit: (event: EngineEvent) => void,
  /** Resolves once the worker has handled everything sent before it. */
  flush: () => Promise<void>,
): StructureRebase => {
  const base = new Map<BlockId, readonly BlockId[]>()
  const parents = new Map<BlockId, BlockView>()
  /** Structure edits posted and not yet handled by the worker, oldest first. */
  const pending: StructureEdit[] = []
  /** What the room was last shown, where it differs from `base` / `parents`. */
  const shownLists = new Map<BlockId, readonly BlockId[]>()
  const shownParents = new Map<BlockId, BlockId | undefined>()

  /** `base` and `parents` with `pending` replayed: the lists and parents the room sees. */
  const replay = (): {
    lists: Map<BlockId, readonly BlockId[]>
    parentOf: Map<BlockId, BlockId | undefined>
  } => {
    const lists = new Map<BlockId, BlockId[]>()
    const parentOf = new Map<BlockId, BlockId | undefined>()
    /** A list as the replay has it so far, without copying it (reads only). */
    const peek = (id: BlockId): readonly BlockId[] | undefined => lists.get(id) ?? base.get(id)
    /** A list to change: the worker's copied on first write. */
    const list = (id: BlockId): BlockId[] | undefined => {
      let ids = lists.get(id)
      if (ids === undefined) {
        const from = base.get(id)
        if (from === undefined) return undefined
        ids = [...from]
        lists.set(id, ids)
      }
      return ids
    }
    const currentParent = (id: BlockId): BlockId | undefined => {
      if (parentOf.has(id)) return parentOf.get(id)
      const known = parents.get(id)?.parent
      if (known !== undefined) return known
      // a block whose view the room does not watch: the watched list holding it
      for (const parent of base.keys()) if (peek(parent)!.includes(id)) return parent
      return undefined
    }
    /**
     * Takes a block out of every list holding it, not only its parent's: a command's events
     * arrive one by one, so the worker's lists and parents may be from either side of it.
     */
    const detach = (block: BlockId): void => {
      for (const id of base.keys())
        if (peek(id)!.includes(block)) {
          const ids = list(id)!
          ids.splice(ids.indexOf(block), 1)
        }
    }
    /** A list the worker has not pushed: the blocks known to be under it. */
    const childrenOf = (id: BlockId): readonly BlockId[] => {
      const known = peek(id)
      if (known !== undefined) return known
      const under = new Set<BlockId>()
      for (const [block, view] of parents) if (view.parent === id) under.add(block)
      for (const [block, parent] of parentOf)
        if (parent === id) under.add(block)
        else under.delete(block)
      return [...under].filter((block) => currentParent(block) === id)
    }
    for (const edit of pending) {
      for (const { block, parent, after } of placements(edit, currentParent, childrenOf)) {
        detach(block)
        parentOf.set(block, parent)
        const into = list(parent)
        if (into === undefined) continue
        const at = after === null ? 0 : after === undefined ? -1 : into.indexOf(after) + 1
        if (at <= 0 && after !== null) into.push(block)
        else into.splice(at, 0, block)
      }
    }
    return { lists, parentOf }
  }

  /** Shows the room every list and parent that now differs from what it last saw. */
  const refresh = (): void => {
    const { lists, parentOf } = replay()
    const children: Array<readonly [BlockId, readonly BlockId[]]> = []
    for (const id of new Set([...lists.keys(), ...shownLists.keys()])) {
      const now = lists.get(id) ?? base.get(id)
      if (now === undefined) continue
      const before = shownLists.get(id) ?? base.get(id)
      if (lists.has(id)) shownLists.set(id, now)
      else shownLists.delete(id)
      if (!sameList(now, before)) children.push([id, now])
    }
    const blocks: Array<readonly [BlockId, BlockView | undefined]> = []
    for (const id of new Set([...parentOf.keys(), ...shownParents.keys()])) {
      const view = parents.get(id)
      if (view === undefined) continue
      const now = parentOf.has(id) ? parentOf.get(id) : view.parent
      const before = shownParents.has(id) ? shownParents.get(id) : view.parent
      if (parentOf.has(id)) shownParents.set(id, now)
      else shownParents.delete(id)
      if (now !== before) blocks.push([id, { ...view, parent: now }])
    }
    if (children.length > 0) emit({ type: 'children', changes: children })
    if (blocks.length > 0) emit({ type: 'blocks', changes: blocks })
  }

  return {
    post(command) {
      if (command.type === 'watch' && !command.on) {
        if (command.what === 'children') base.delete(command.id)
        else parents.delete(command.id)
      }
      if (command.type === 'edit' && isStructureEdit(command.edit)) {
        pending.push(command.edit)
        refresh()
      }
      return command
    },
    send(command) {
      send(command)
      // the text rebase keeps the room's order of structure edits: the oldest is this one
      if (command.type === 'edit' && isStructureEdit(command.edit))
        void flush().then(() => {
          pending.shift()
          refresh()
        })
    },
    emit(event) {
      if (event.type === 'children') {
        for (const [id, ids] of event.changes) base.set(id, ids)
      } else if (event.type === 'blocks') {
        for (const [id, view] of event.changes)
          if (view === undefined) parents.delete(id)
          else parents.set(id, view)
      }
      if (pending.length === 0 && shownLists.size === 0 && shownParents.size === 0)
        return emit(event)
      // the worker's change, then the edits it has not handled yet over it
      if (event.type === 'children')
        emit({ ...event, changes: event.changes.filter(([id]) => !shownLists.has(id)) })
      else if (event.type === 'blocks')
        emit({
          ...event,
          changes: event.changes.map(([id, view, revision]) =>
            view !== undefined && shownParents.has(id)
              ? ([id, { ...view, parent: shownParents.get(id) }, revision] as const)
              : ([id, view, revision] as const),
          ),
        })
      else emit(event)
      refresh()
    },
    idle: () => pending.length === 0,
  }
}
