/**
 * The worker engine's main-thread half of the text rebase protocol: it makes the room's text
 * edits mean what the user saw, although the worker applies them later, to text that may hold
 * other changes by then (a remote user's, or this user's previous keystroke).
 *
 * Each watched block's text edits go through its `TextClient` (text-client.ts): they show in
 * the block's view at once (an event emitted inside `post`) and go to the worker with the
 * revision they were computed at, for the worker to rebase (text-log.ts); the worker's pushes
 * acknowledge them or bring changes made elsewhere, which are rebased over the edits still
 * unacknowledged before the view shows them.
 *
 * A text edit may wait in its block's buffer; none of the room's other commands may overtake
 * it (an undo, a merge, a batch's end, a load), so while any buffer holds edits, they wait in
 * `held`, in order, with everything after them (remote changes and watches need not). A split waits until its block has no edit in flight, so
 * that its offset names a revision the worker knows; while it waits, its offset (and the
 * deltas of text edits behind it) follow the changes the block's view takes.
 *
 * Invariants: commands reach the worker in the order the room posted them, except text edits
 * of different blocks (which commute); a watched block's view is the worker's last view with
 * the block's unacknowledged edits applied; a block has a client only from a push that starts
 * a history until its unwatching.
 *
 * Loaded lazily with the worker engine (the main chunk has a size budget); inline, edits apply
 * at once and need none of this.
 */
import type { BlockId } from '@markdownsync/core'
import type { BlockView, EngineCommand, EngineEvent, LocalEdit, TextDelta } from './engine.js'
import { acknowledged, localEdit, remoteChange, type TextClient } from './text-client.js'
import { applyToRuns, transform, transformPosition } from './text-delta.js'

type Text = BlockView['text']

interface Block extends TextClient {
  /** The view as the room shows it: the worker's, with the edits still unacknowledged. */
  view: BlockView
}

export interface TextRebase {
  /** Posts a command now, or after the edits it must not overtake. */
  post(command: EngineCommand): void
  /** An event from the worker: `blocks` pushes are rebased, the others pass. */
  receive(event: EngineEvent): void
  /** Nothing held back, buffered or waiting for its acknowledgement. */
  idle(): boolean
}

export const textRebase = (
  send: (command: EngineCommand) => void,
  emit: (event: EngineEvent) => void,
): TextRebase => {
  const blocks = new Map<BlockId, Block>()
  let held: EngineCommand[] = []
  let seq = 0
  const sendEdit = (edit: LocalEdit): void => send({ type: 'edit', edit })
  const sendText = (id: BlockId, block: Block, delta: TextDelta): void => {
    block.seq = ++seq
    sendEdit({ kind: 'edit_text', block: id, delta, revision: block.rev, seq })
  }
  const blockOf = (command: EngineCommand): BlockId | undefined =>
    command.type === 'edit' && 'block' in command.edit ? command.edit.block : undefined

  /** Remote changes and watches may overtake buffered edits; the room's other commands not. */
  const mayGo = (command: EngineCommand): boolean => {
    if (
      command.type === 'apply' ||
      command.type === 'catch_up' ||
      command.type === 'watch' ||
      (command.type === 'edit' && command.edit.kind === 'edit_text')
    )
      return true
    for (const block of blocks.values()) if (block.buffer !== undefined) return false
    return !(
      command.type === 'edit' &&
      command.edit.kind === 'split_block' &&
      blocks.get(command.edit.block)?.sent !== undefined
    )
  }

  const run = (command: EngineCommand): void => {
    if (command.type === 'watch' && command.what === 'block' && !command.on) forget(command.id)
    const id = blockOf(command)
    const block = id === undefined ? undefined : blocks.get(id)
    if (block !== undefined && command.type === 'edit') {
      const edit = command.edit
      if (edit.kind === 'split_block') {
        sendEdit({ ...edit, revision: block.rev })
        return
      }
      const text =
        edit.kind === 'edit_text' && Array.isArray(edit.delta)
          ? applyToRuns(block.view.text, edit.delta)
          : undefined
      if (edit.kind === 'edit_text' && text !== undefined) {
        block.view = { ...block.view, text: text as Text }
        emit({ type: 'blocks', changes: [[edit.block, block.view]] })
        const delta = localEdit(block, edit.delta)
        if (delta !== undefined) sendText(edit.block, block, delta)
        return
      }
    }
    // no history here (not watched, not a text edit), or an edit that does not fit the view:
    // the worker takes it as it is (and refuses it if it does not fit there either)
    send(command)
  }

  const drain = (): void => {
    while (held.length > 0 && mayGo(held[0]!)) run(held.shift()!)
  }

  /** A change to a block's view: what waits in `held` for that block moves with it. */
  const shiftHeld = (id: BlockId, change: TextDelta): void => {
    let x = change
    held = held.map((command) => {
      if (command.type !== 'edit' || blockOf(command) !== id) return command
      const edit = command.edit
      if (edit.kind === 'split_block')
        return { ...command, edit: { ...edit, offset: transformPosition(edit.offset, x) } }
      if (edit.kind !== 'edit_text' || !Array.isArray(edit.delta)) return command
      const delta = transform(edit.delta, x, true)
      x = transform(x, edit.delta, false)
      return { ...command, edit: { ...edit, delta } }
    })
  }

  /** The block's history ends (unwatched, or started anew): a buffered edit goes as it is. */
  const forget = (id: BlockId): void => {
    const block = blocks.get(id)
    blocks.delete(id)
    if (block?.buffer !== undefined) sendEdit({ kind: 'edit_text', block: id, delta: block.buffer })
  }

  const receive = (changes: Extract<EngineEvent, { type: 'blocks' }>['changes']): void => {
    const out: Array<readonly [BlockId, BlockView | undefined]> = []
    for (const [id, view, sync] of changes) {
      const block = blocks.get(id)
      if (view === undefined || sync === undefined) blocks.delete(id)
      else if (sync.changes === undefined) {
        forget(id)
        blocks.set(id, { rev: sync.revision, view })
      } else if (block !== undefined) {
        let text = block.view.text
        for (const change of sync.changes) {
          if (change.seq !== undefined && change.seq === block.seq && block.sent) {
            const next = acknowledged(block)
            if (next !== undefined) sendText(id, block, next)
          } else {
            const x = remoteChange(block, change.delta)
            text = (applyToRuns(text, x) as Text | undefined) ?? text
            shiftHeld(id, x)
          }
        }
        // lost track (never expected): the worker's view is the truth
        if (block.rev !== sync.revision) blocks.set(id, { rev: sync.revision, view })
        else block.view = block.sent === undefined ? view : { ...view, text }
        out.push([id, blocks.get(id)!.view])
        continue
      }
      out.push([id, view])
    }
    emit({ type: 'blocks', changes: out })
    drain()
  }

  return {
    post(command) {
      if (held.length === 0 && mayGo(command)) run(command)
      else held.push(command)
    },
    receive(event) {
      if (event.type === 'blocks') receive(event.changes)
      else emit(event)
    },
    idle() {
      if (held.length > 0) return false
      for (const block of blocks.values())
        if (block.sent !== undefined || block.buffer !== undefined) return false
      return true
    },
  }
}
