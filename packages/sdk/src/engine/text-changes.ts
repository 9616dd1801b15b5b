/**
 * Text edits by character id, so that undo and redo follow Yjs UndoManager semantics: undoing
 * an insertion deletes exactly the characters it inserted, wherever concurrent edits moved
 * them; undoing a deletion puts the deleted text back where its tombstones are, with its
 * formatting; undoing a format restores the previous values of the keys it set. Remote text
 * typed in between is never touched.
 *
 * Each function runs inside the replica's edit transaction (one `edit_text` op) and returns
 * the change that undoes what it did.
 */
import type { TextDelta } from './engine.js'
import {
  type IdRange,
  indexOfId,
  insertedSince,
  locate,
  ownClock,
  segmentsIn,
  type TextSegment,
  type YText,
} from './text-items.js'

/** New values for the formatting keys of some characters (null removes a key). */
export interface FormatSegment extends IdRange {
  readonly attributes: Readonly<Record<string, unknown>>
}

/** A change to one block's text by character ids: what undo and redo apply. */
export interface TextChange {
  readonly remove: readonly IdRange[]
  readonly restore: readonly TextSegment[]
  readonly reformat: readonly FormatSegment[]
}

export const isEmptyChange = (change: TextChange): boolean =>
  change.remove.length === 0 && change.restore.length === 0 && change.reformat.length === 0

/** What the keys of `attributes` are now on a range, as a format that would put them back. */
const currentFormat = (
  text: YText,
  index: number,
  length: number,
  attributes: Readonly<Record<string, unknown>>,
): FormatSegment[] =>
  segmentsIn(text, index, length).map((segment) => ({
    client: segment.client,
    clock: segment.clock,
    length: segment.length,
    attributes: Object.fromEntries(
      Object.keys(attributes).map((key) => [key, segment.attributes?.[key] ?? null]),
    ),
  }))

/** Yjs writes into the attributes object it is given: it always gets a copy. */
const copy = (
  attributes: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> => ({
  ...attributes,
})

/**
 * Applies a Quill-style delta (`retain`, `insert`, `delete`). An insert carries exactly its
 * attributes (none: plain text), as `Y.Text.applyDelta` does.
 */
export const applyDelta = (text: YText, delta: TextDelta, client: number): TextChange => {
  const clock = ownClock(text, client)
  const restore: TextSegment[] = []
  const reformat: FormatSegment[] = []
  let index = 0
  for (const op of delta) {
    if ('insert' in op) {
      if (op.insert.length === 0) continue
      text.insert(index, op.insert, copy(op.attributes))
      index += op.insert.length
    } else if ('delete' in op) {
      if (op.delete <= 0) continue
      restore.push(...segmentsIn(text, index, op.delete))
      text.delete(index, op.delete)
    } else {
      if (op.attributes !== undefined && op.retain > 0) {
        reformat.push(...currentFormat(text, index, op.retain, op.attributes))
        text.format(index, op.retain, copy(op.attributes))
      }
      index += op.retain
    }
  }
  return { remove: insertedSince(text, client, clock), restore, reformat }
}

/** Applies a change made by `applyDelta` or by this function; returns its inverse. */
export const applyTextChange = (text: YText, change: TextChange, client: number): TextChange => {
  const clock = ownClock(text, client)
  const reformat: FormatSegment[] = []
  for (const segment of change.reformat) {
    for (const piece of locate(text, segment)) {
      reformat.push(...currentFormat(text, piece.index, piece.length, segment.attributes))
      text.format(piece.index, piece.length, copy(segment.attributes))
    }
  }
  // from the end, so that each deletion leaves the indices of the next ones alone
  const pieces = change.remove.flatMap((range) => locate(text, range))
  pieces.sort((a, b) => b.index - a.index)
  const restore: TextSegment[] = []
  for (const piece of pieces) {
    restore.unshift(...segmentsIn(text, piece.index, piece.length))
    text.delete(piece.index, piece.length)
  }
  // each segment goes back at its first character's tombstone; from the end again, and
  // segments sharing a place keep their order
  const places = change.restore
    .map((segment, order) => ({
      segment,
      order,
      index: indexOfId(text, segment.client, segment.clock),
    }))
    .filter(
      (p): p is { segment: TextSegment; order: number; index: number } => p.index !== undefined,
    )
  places.sort((a, b) => b.index - a.index || b.order - a.order)
  for (const { segment, index } of places)
    text.insert(index, segment.text, copy(segment.attributes))
  return { remove: insertedSince(text, client, clock), restore, reformat }
}

/** The smallest delta turning `before` into `after`: common prefix and suffix kept. */
export const replacementDelta = (before: string, after: string): TextDelta => {
  let prefix = 0
  const max = Math.min(before.length, after.length)
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  let suffix = 0
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++
  const removed = before.length - prefix - suffix
  const inserted = after.slice(prefix, after.length - suffix)
  const delta: Array<TextDelta[number]> = []
  if (prefix > 0) delta.push({ retain: prefix })
  if (removed > 0) delta.push({ delete: removed })
  if (inserted.length > 0) delta.push({ insert: inserted })
  return delta
}
