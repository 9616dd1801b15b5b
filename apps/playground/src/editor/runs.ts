/**
 * Formatted text runs (a block's text as the SDK gives it) and the Quill-style deltas that
 * change them. Plain functions over plain data: the editor computes every edit here before it
 * sends it, and applies it locally with the same code so the caret lands where the text will.
 */
import type { BlockView, TextAttributes, TextDelta, TextDeltaOp } from '@markdownsync/sdk'

export type TextRun = BlockView['text'][number]
export type Attributes = Record<string, unknown>

/** The inline marks the toolbar and shortcuts toggle. */
export const MARKS = ['bold', 'italic', 'strike', 'code'] as const
export type Mark = (typeof MARKS)[number]

/** Marks typing continues from the character before the caret (a link or an image does not). */
const CONTINUED: readonly string[] = MARKS

export const plainText = (runs: readonly TextRun[]): string => runs.map((r) => r.insert).join('')

const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== false

/** The attributes of the character at `index` (undefined past the end). */
export const attributesAt = (runs: readonly TextRun[], index: number): Attributes | undefined => {
  let start = 0
  for (const run of runs) {
    const end = start + run.insert.length
    if (index >= start && index < end) return (run.attributes ?? {}) as Attributes
    start = end
  }
  return undefined
}

/** The marks a character typed at `index` gets: those of the character before it. */
export const typingAttributes = (runs: readonly TextRun[], index: number): Attributes => {
  const before = index > 0 ? attributesAt(runs, index - 1) : attributesAt(runs, 0)
  const out: Attributes = {}
  for (const key of CONTINUED) if (before !== undefined && isSet(before[key])) out[key] = true
  return out
}

/** Whether every character in [start, end) has `mark` (for an empty range: typing would). */
export const hasMark = (
  runs: readonly TextRun[],
  start: number,
  end: number,
  mark: Mark,
): boolean => {
  if (start === end) return isSet(typingAttributes(runs, start)[mark])
  let offset = 0
  for (const run of runs) {
    const runEnd = offset + run.insert.length
    if (runEnd > start && offset < end && !isSet(run.attributes?.[mark])) return false
    offset = runEnd
  }
  return true
}

/** Drops zero-length steps and a trailing plain retain, so equal edits compare equal. */
const compact = (ops: TextDeltaOp[]): TextDelta => {
  const out = ops.filter((op) =>
    'insert' in op ? op.insert.length > 0 : 'delete' in op ? op.delete > 0 : op.retain > 0,
  )
  const last = out[out.length - 1]
  if (last !== undefined && 'retain' in last && last.attributes === undefined) out.pop()
  return out
}

const withAttributes = (insert: string, attributes: Attributes | undefined): TextDeltaOp =>
  attributes === undefined || Object.keys(attributes).length === 0
    ? { insert }
    : { insert, attributes: attributes as TextAttributes }

/** Replaces [start, end) with `text` carrying exactly `attributes`. */
export const replaceDelta = (
  start: number,
  end: number,
  text: string,
  attributes?: Attributes,
): TextDelta =>
  compact([{ retain: start }, { delete: end - start }, withAttributes(text, attributes)])

/** Sets `mark` on [start, end) (`on`), or removes it. */
export const formatDelta = (start: number, end: number, mark: string, on: boolean): TextDelta =>
  compact([{ retain: start }, { retain: end - start, attributes: { [mark]: on ? true : null } }])

const mergeAttributes = (base: Attributes | undefined, change: TextAttributes): Attributes => {
  const out: Attributes = { ...base }
  for (const [key, value] of Object.entries(change)) {
    if (value === null || value === undefined) delete out[key]
    else out[key] = value
  }
  return out
}

const sameAttributes = (a: Attributes | undefined, b: Attributes | undefined): boolean =>
  JSON.stringify(a ?? {}) === JSON.stringify(b ?? {})

const pushRun = (out: TextRun[], insert: string, attributes: Attributes | undefined): void => {
  if (insert.length === 0) return
  const attrs =
    attributes !== undefined && Object.keys(attributes).length > 0 ? attributes : undefined
  const last = out[out.length - 1]
  if (last !== undefined && sameAttributes(last.attributes as Attributes, attrs)) {
    out[out.length - 1] = { ...last, insert: last.insert + insert }
    return
  }
  out.push(attrs === undefined ? { insert } : { insert, attributes: attrs })
}

/** The runs after `delta`, as the replica will have them (formatting merged like Yjs). */
export const applyDelta = (runs: readonly TextRun[], delta: TextDelta): TextRun[] => {
  const out: TextRun[] = []
  const queue = runs.map((r) => ({ insert: r.insert, attributes: r.attributes as Attributes }))
  /** Takes up to `n` characters from the front of the queue, run by run. */
  const take = (n: number, each: (insert: string, attributes: Attributes | undefined) => void) => {
    let left = n
    while (left > 0 && queue.length > 0) {
      const head = queue[0] as { insert: string; attributes: Attributes | undefined }
      const part = head.insert.slice(0, left)
      each(part, head.attributes)
      left -= part.length
      if (part.length === head.insert.length) queue.shift()
      else head.insert = head.insert.slice(part.length)
    }
  }
  for (const op of delta) {
    if ('insert' in op) pushRun(out, op.insert, op.attributes as Attributes | undefined)
    else if ('delete' in op) take(op.delete, () => undefined)
    else
      take(op.retain, (insert, attributes) =>
        pushRun(
          out,
          insert,
          op.attributes === undefined ? attributes : mergeAttributes(attributes, op.attributes),
        ),
      )
  }
  for (const rest of queue) pushRun(out, rest.insert, rest.attributes)
  return out
}

/**
 * Where `offset` goes when `delta` is applied: text inserted at the offset pushes it right
 * when `ownInsert` (the caret follows what it typed), else it stays before what others typed.
 */
export const transformOffset = (offset: number, delta: TextDelta, ownInsert = false): number => {
  let position = 0 // in the old text
  let result = offset
  for (const op of delta) {
    if ('retain' in op) position += op.retain
    else if ('delete' in op) {
      if (position < offset) result -= Math.min(op.delete, offset - position)
      position += op.delete
    } else if (position < offset || (position === offset && ownInsert)) result += op.insert.length
    if (position > offset) break
  }
  return result
}

/** The smallest change from `before` to `after`: a common prefix and suffix kept. */
export const diffText = (before: string, after: string): TextDelta => {
  let prefix = 0
  const max = Math.min(before.length, after.length)
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  let suffix = 0
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++
  return replaceDelta(prefix, before.length - suffix, after.slice(prefix, after.length - suffix))
}

/** Characters on each side of a caret that `mapCaret` looks for in the new text. */
const CONTEXT = 12

/**
 * Where a caret at `offset` in `before` is in `after`: right between the characters it was
 * between, when they are still there once; else moved by the smallest change between the texts.
 * (One remote update can carry several edits; the smallest change of all of them together could
 * swallow the caret.)
 */
export const mapCaret = (before: string, after: string, offset: number): number => {
  if (before === after) return offset
  const left = before.slice(Math.max(0, offset - CONTEXT), offset)
  const right = before.slice(offset, offset + CONTEXT)
  if (left.length + right.length >= 4) {
    const context = left + right
    const at = after.indexOf(context)
    if (at >= 0 && after.indexOf(context, at + 1) < 0) return at + left.length
  }
  return transformOffset(offset, diffText(before, after))
}
