/**
 * Runs a `Plan` against the room as one batch (one undo step, one message), naming the blocks
 * it creates. It stops at the first edit the room refuses: the rest would build on it.
 */
import type { Room } from '@markdownsync/sdk'
import { type CaretTarget, isPlaceholder, type Plan, type StructureEdit } from './plan.js'

const runEdit = (
  room: Room,
  edit: StructureEdit,
  id: (name: string) => string,
  created: Map<string, string>,
): boolean => {
  switch (edit.kind) {
    case 'insert': {
      const made = room.insertBlock({
        parent: id(edit.parent),
        after: edit.after === null ? null : id(edit.after),
        type: edit.type,
        ...(edit.props === undefined ? {} : { props: edit.props }),
      })
      if (made !== undefined) created.set(edit.id, made)
      return made !== undefined
    }
    case 'move':
      return room.moveBlock(id(edit.id), {
        parent: id(edit.parent),
        after: edit.after === null ? null : id(edit.after),
      })
    case 'delete':
      return room.deleteBlock(id(edit.id))
    case 'set':
      return room.setProperty(id(edit.id), edit.key, edit.value)
    case 'split': {
      const made = room.splitBlock(
        id(edit.id),
        edit.offset,
        edit.type === undefined ? {} : { type: edit.type },
      )
      if (made !== undefined) created.set(edit.newId, made)
      return made !== undefined
    }
    case 'merge':
      return room.mergeBlocks(id(edit.into), id(edit.from))
    case 'text':
      return room.editText(id(edit.id), edit.delta)
    default: {
      const never: never = edit
      throw new Error(`unknown edit ${JSON.stringify(never)}`)
    }
  }
}

/** Runs the plan; returns where the caret goes, with created blocks' real ids. */
export const runPlan = (room: Room, plan: Plan): CaretTarget | undefined => {
  if (plan.edits.length === 0) return undefined
  const created = new Map<string, string>()
  const id = (name: string): string => (isPlaceholder(name) ? (created.get(name) ?? name) : name)
  let complete = true
  room.batch(() => {
    for (const edit of plan.edits) {
      if (!runEdit(room, edit, id, created)) {
        complete = false
        break
      }
    }
  })
  if (!complete || plan.caret === undefined) return undefined
  return { block: id(plan.caret.block), offset: plan.caret.offset }
}
