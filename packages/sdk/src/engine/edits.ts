/**
 * Local edits and history steps on a replica: each checked first (an edit that cannot make
 * sense throws `EditRefused` and changes nothing), made, and answered with the steps that undo
 * it (history.ts). Text steps go by character ids (text-changes.ts); structure and property
 * steps are inverse ops.
 */
import {
  type BlockId,
  type DocumentReplica,
  isValidBlockType,
  isValidPropKey,
  type PropValue,
  ROOT_ID,
  TRASH_ID,
  TYPE_PROPERTY,
} from '@markdownsync/core'
import type { LocalEdit, TextDelta } from './engine.js'
import type { HistoryStep, StepGroup } from './history.js'
import {
  applyDelta,
  applyTextChange,
  isEmptyChange,
  replacementDelta,
  type TextChange,
} from './text-changes.js'
import { insertedSince, ownClock, segmentsIn } from './text-items.js'

/** An edit that cannot make sense (a missing block, an offset past the text…). */
export class EditRefused extends Error {}

const refuse = (message: string): never => {
  throw new EditRefused(message)
}

/** Makes a local edit; returns the steps that undo it. Throws EditRefused, changing nothing. */
export const makeEdit = (r: DocumentReplica, edit: LocalEdit): StepGroup => {
  switch (edit.kind) {
    case 'insert_block': {
      checkParent(r, edit.parent)
      if (r.exists(edit.block)) refuse(`block ${edit.block} exists already`)
      if (!isValidBlockType(edit.type))
        refuse(`"${edit.type}" is not a block type ([a-z][a-z0-9_]{0,31})`)
      for (const key of Object.keys(edit.props ?? {}))
        if (!isValidPropKey(key)) refuse(`"${key}" is not a property key`)
      const after = checkAfter(r, edit.parent, edit.after)
      r.insertBlock({
        id: edit.block,
        parent: edit.parent,
        ...(after === undefined ? {} : { after }),
        type: edit.type,
        ...(edit.props === undefined ? {} : { props: edit.props }),
        ...(edit.text === undefined ? {} : { text: edit.text }),
      })
      return [{ kind: 'place', block: edit.block, parent: TRASH_ID, after: null }]
    }
    case 'delete_block': {
      checkBlock(r, edit.block)
      if (r.parent(edit.block) === TRASH_ID) refuse(`block ${edit.block} is deleted already`)
      const before = placeOf(r, edit.block)
      r.deleteBlock(edit.block)
      return [before]
    }
    case 'move_block': {
      checkBlock(r, edit.block)
      checkParent(r, edit.parent)
      if (isInside(r, edit.parent, edit.block))
        refuse(`block ${edit.block} cannot move inside itself`)
      const after = checkAfter(r, edit.parent, edit.after, edit.block)
      const before = placeOf(r, edit.block)
      r.moveBlock(
        edit.block,
        after === undefined ? { parent: edit.parent } : { parent: edit.parent, after },
      )
      return [before]
    }
    case 'split_block': {
      checkBlock(r, edit.block)
      if (r.exists(edit.newBlock)) refuse(`block ${edit.newBlock} exists already`)
      const length = r.text(edit.block).length
      if (!Number.isInteger(edit.offset) || edit.offset < 0 || edit.offset > length)
        refuse(`offset ${edit.offset} is outside the text (0–${length})`)
      if (edit.type !== undefined && !isValidBlockType(edit.type))
        refuse(`"${edit.type}" is not a block type`)
      r.splitBlock(edit.block, edit.offset, {
        newBlock: edit.newBlock,
        ...(edit.type === undefined ? {} : { type: edit.type }),
      })
      return [{ kind: 'merge', into: edit.block, from: edit.newBlock }]
    }
    case 'merge_blocks':
      checkMerge(r, edit.into, edit.from)
      return merge(r, edit.into, edit.from)
    case 'set_property': {
      checkBlock(r, edit.block)
      if (edit.key === TYPE_PROPERTY) {
        if (typeof edit.value !== 'string' || !isValidBlockType(edit.value))
          refuse('the "type" property holds a block type ([a-z][a-z0-9_]{0,31})')
      } else if (!isValidPropKey(edit.key)) refuse(`"${edit.key}" is not a property key`)
      return setProperty(r, edit.block, edit.key, edit.value)
    }
    case 'edit_text':
      checkBlock(r, edit.block)
      checkDelta(edit.delta, r.text(edit.block).length)
      return editText(r, edit.block, edit.delta)
    case 'replace_text':
      checkBlock(r, edit.block)
      if (typeof edit.text !== 'string') refuse('the text must be a string')
      return editText(r, edit.block, replacementDelta(r.text(edit.block), edit.text))
  }
}

const editText = (r: DocumentReplica, block: BlockId, delta: TextDelta): StepGroup => {
  if (delta.every((op) => 'retain' in op && op.attributes === undefined)) return []
  let inverse: TextChange | undefined
  r.editText(block, (text) => {
    inverse = applyDelta(text, delta, r.replica)
  })
  return inverse === undefined || isEmptyChange(inverse)
    ? []
    : [{ kind: 'text', block, change: inverse }]
}

const setProperty = (
  r: DocumentReplica,
  block: BlockId,
  key: string,
  value: PropValue,
): StepGroup => {
  const old = key === TYPE_PROPERTY ? r.type(block) : (r.property(block, key) ?? null)
  r.setProperty(block, key, value)
  return [{ kind: 'property', block, key, value: old }]
}

/**
 * A merge and what undoes it: `from` back in its place with its children, the text it gave
 * `into` taken out again, its own text restored.
 */
const merge = (r: DocumentReplica, into: BlockId, from: BlockId): StepGroup => {
  const fromPlace = placeOf(r, from)
  const children = [...r.children(from)]
  const fromText = r.yText(from)
  const fromSegments = segmentsIn(fromText, 0, fromText.length)
  const intoText = r.yText(into)
  const intoClock = ownClock(intoText, r.replica)
  r.mergeBlocks(into, from)
  const appended = insertedSince(r.yText(into), r.replica, intoClock)
  const steps: HistoryStep[] = [fromPlace]
  children.forEach((child, i) => {
    steps.push({
      kind: 'place',
      block: child,
      parent: from,
      after: i === 0 ? null : children[i - 1]!,
    })
  })
  steps.push({
    kind: 'text',
    block: into,
    change: { remove: appended, restore: [], reformat: [] },
  })
  steps.push({
    kind: 'text',
    block: from,
    change: { remove: [], restore: fromSegments, reformat: [] },
  })
  return steps
}

/**
 * Applies one history step if it still makes sense (its blocks exist, the move makes no
 * cycle); returns the steps that undo what it did.
 */
export const applyStep = (r: DocumentReplica, step: HistoryStep): StepGroup => {
  switch (step.kind) {
    case 'place': {
      if (!r.exists(step.block) || step.block === ROOT_ID || step.block === TRASH_ID) return []
      const before = placeOf(r, step.block)
      if (step.parent === TRASH_ID) {
        if (before.parent === TRASH_ID) return []
        r.deleteBlock(step.block)
        return [before]
      }
      if (!r.exists(step.parent) || isInside(r, step.parent, step.block)) return []
      if (before.parent === step.parent && before.after === step.after) return []
      const siblings = r.children(step.parent)
      const after =
        step.after === null || (step.after !== step.block && siblings.includes(step.after))
          ? step.after
          : undefined
      r.moveBlock(
        step.block,
        after === undefined ? { parent: step.parent } : { parent: step.parent, after },
      )
      return [before]
    }
    case 'property':
      if (!r.exists(step.block)) return []
      return setProperty(r, step.block, step.key, step.value)
    case 'merge':
      try {
        checkMerge(r, step.into, step.from)
      } catch {
        return []
      }
      return merge(r, step.into, step.from)
    case 'text': {
      if (!r.exists(step.block) || isEmptyChange(step.change)) return []
      let inverse: TextChange | undefined
      r.editText(step.block, (text) => {
        inverse = applyTextChange(text, step.change, r.replica)
      })
      return inverse === undefined || isEmptyChange(inverse)
        ? []
        : [{ kind: 'text', block: step.block, change: inverse }]
    }
  }
}

const checkBlock = (r: DocumentReplica, block: BlockId): void => {
  if (block === ROOT_ID || block === TRASH_ID) refuse(`${block} is not a block`)
  if (!r.exists(block)) refuse(`block ${block} does not exist`)
}

const checkParent = (r: DocumentReplica, parent: BlockId): void => {
  if (parent === TRASH_ID) refuse('use deleteBlock to move a block to the trash')
  if (parent !== ROOT_ID && !r.exists(parent)) refuse(`block ${parent} does not exist`)
}

/** The `after` sibling, checked: it must be a child of `parent` (and not the moved block). */
const checkAfter = (
  r: DocumentReplica,
  parent: BlockId,
  after: BlockId | null | undefined,
  moving?: BlockId,
): BlockId | null | undefined => {
  if (after === undefined || after === null) return after
  if (after === moving) refuse('a block cannot be placed after itself')
  if (!r.children(parent).includes(after)) refuse(`block ${after} is not a child of ${parent}`)
  return after
}

const checkMerge = (r: DocumentReplica, into: BlockId, from: BlockId): void => {
  checkBlock(r, into)
  checkBlock(r, from)
  if (into === from) refuse('a block cannot merge into itself')
  if (r.parent(from) === TRASH_ID) refuse(`block ${from} is deleted`)
  if (isInside(r, into, from)) refuse(`block ${into} is inside ${from}`)
}

/** Where a block is now, as the step that would put it back there. */
const placeOf = (r: DocumentReplica, block: BlockId): Extract<HistoryStep, { kind: 'place' }> => {
  const parent = r.parent(block) ?? ROOT_ID
  const siblings = r.children(parent)
  const index = siblings.indexOf(block)
  return { kind: 'place', block, parent, after: index > 0 ? siblings[index - 1]! : null }
}

/** Whether `block` is `ancestor` or below it. */
const isInside = (r: DocumentReplica, block: BlockId, ancestor: BlockId): boolean => {
  for (let at: BlockId | undefined = block; at !== undefined; at = r.parent(at)) {
    if (at === ancestor) return true
    if (at === ROOT_ID || at === TRASH_ID) return false
  }
  return false
}

const checkDelta = (delta: TextDelta, length: number): void => {
  if (!Array.isArray(delta)) refuse('a text delta is a list of retain / insert / delete steps')
  let at = 0
  for (const op of delta) {
    if ('insert' in op) {
      if (typeof op.insert !== 'string') refuse('insert takes a string')
    } else if ('delete' in op) {
      if (!Number.isInteger(op.delete) || op.delete < 0) refuse('delete takes a count ≥ 0')
      at += op.delete
    } else if ('retain' in op) {
      if (!Number.isInteger(op.retain) || op.retain < 0) refuse('retain takes a count ≥ 0')
      at += op.retain
    } else refuse('a delta step is retain, insert or delete')
    if (at > length) refuse(`the delta runs past the end of the text (${length})`)
  }
}
