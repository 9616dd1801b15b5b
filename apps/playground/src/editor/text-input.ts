/**
 * What a `beforeinput` event means for a block's text. The browser never edits our DOM: every
 * input is turned into an intent here (a text delta with the caret after it, or a structural
 * command such as split and merge), and the block re-renders from the store. Pure, so the
 * rules are tested without a browser.
 */
import type { TextDelta } from '@markdownsync/sdk'
import {
  type Attributes,
  formatDelta,
  hasMark,
  type Mark,
  plainText,
  replaceDelta,
  type TextRun,
  typingAttributes,
} from './runs.js'

/** A selection inside one block's text, as UTF-16 offsets (`start` ≤ `end`). */
export interface TextRange {
  readonly start: number
  readonly end: number
}

export type TextIntent =
  /** Change the text; the caret goes to `caret` afterwards. */
  | { readonly kind: 'edit'; readonly delta: TextDelta; readonly caret: number }
  /** Enter: delete the selection, then split at `offset`. */
  | { readonly kind: 'split'; readonly offset: number; readonly deleteLength: number }
  /** Backspace at the very start: join with the block before. */
  | { readonly kind: 'merge_backward' }
  /** Delete at the very end: pull the next block in. */
  | { readonly kind: 'merge_forward' }
  | { readonly kind: 'undo' }
  | { readonly kind: 'redo' }
  /** Nothing to do (and the browser must not do it either). */
  | { readonly kind: 'none' }

export interface InputContext {
  readonly inputType: string
  /** `InputEvent.data`, or the plain text of a paste or drop. */
  readonly data: string | null
  readonly runs: readonly TextRun[]
  readonly selection: TextRange
  /** The range the browser would delete (`getTargetRanges()`), mapped to offsets. */
  readonly target?: TextRange | undefined
  /** Code keeps line breaks and never splits on Enter; a cell holds one line. */
  readonly blockKind: 'text' | 'code' | 'cell'
  /** Marks toggled with an empty selection, for the next characters typed. */
  readonly pendingMarks?: Readonly<Partial<Record<Mark, boolean>>>
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff

/** The offset one character (not one UTF-16 unit) before `index`. */
export const previousCharacter = (text: string, index: number): number =>
  index >= 2 &&
  isLowSurrogate(text.charCodeAt(index - 1)) &&
  isHighSurrogate(text.charCodeAt(index - 2))
    ? index - 2
    : Math.max(0, index - 1)

/** The offset one character after `index`. */
export const nextCharacter = (text: string, index: number): number =>
  index + 1 < text.length &&
  isHighSurrogate(text.charCodeAt(index)) &&
  isLowSurrogate(text.charCodeAt(index + 1))
    ? index + 2
    : Math.min(text.length, index + 1)

const WORD = /[\p{L}\p{N}_]/u

/** The start of the word before `index` (spaces before it skipped first). */
export const wordStart = (text: string, index: number): number => {
  let i = index
  while (i > 0 && !WORD.test(text[i - 1] as string)) i--
  while (i > 0 && WORD.test(text[i - 1] as string)) i--
  return i
}

/** The end of the word after `index`. */
export const wordEnd = (text: string, index: number): number => {
  let i = index
  while (i < text.length && !WORD.test(text[i] as string)) i++
  while (i < text.length && WORD.test(text[i] as string)) i++
  return i
}

/** Text pasted into a block: code keeps its lines; elsewhere lines join with spaces. */
export const pastedText = (data: string, blockKind: InputContext['blockKind']): string => {
  const normalized = data.replace(/\r\n?/g, '\n')
  return blockKind === 'code' ? normalized : normalized.replace(/\s*\n\s*/g, ' ')
}

const insertAt = (context: InputContext, text: string, extra?: Attributes): TextIntent => {
  const { start, end } = context.selection
  if (text.length === 0 && start === end) return { kind: 'none' }
  const attributes: Attributes = { ...typingAttributes(context.runs, start), ...extra }
  for (const [mark, on] of Object.entries(context.pendingMarks ?? {})) {
    if (on) attributes[mark] = true
    else delete attributes[mark]
  }
  return {
    kind: 'edit',
    delta: replaceDelta(start, end, text, attributes),
    caret: start + text.length,
  }
}

const deleteRange = (start: number, end: number): TextIntent =>
  end <= start
    ? { kind: 'none' }
    : { kind: 'edit', delta: replaceDelta(start, end, ''), caret: start }

/** A deletion: the selection if there is one, else the browser's target, else `fallback`. */
const deleteBy = (
  context: InputContext,
  fallback: (text: string, caret: number) => TextRange,
): TextIntent => {
  const { start, end } = context.selection
  if (start !== end) return deleteRange(start, end)
  const target = context.target
  if (target !== undefined && target.start !== target.end)
    return deleteRange(target.start, target.end)
  const range = fallback(plainText(context.runs), start)
  return deleteRange(range.start, range.end)
}

/** Toggles `mark` on the selection (all marked: off; otherwise on). */
export const toggleMark = (runs: readonly TextRun[], range: TextRange, mark: Mark): TextIntent => {
  if (range.start === range.end) return { kind: 'none' }
  const on = !hasMark(runs, range.start, range.end, mark)
  return { kind: 'edit', delta: formatDelta(range.start, range.end, mark, on), caret: range.end }
}

const FORMAT_INPUTS: Readonly<Record<string, Mark>> = {
  formatBold: 'bold',
  formatItalic: 'italic',
  formatStrikeThrough: 'strike',
}

/** The intent of one `beforeinput`. */
export const interpretInput = (context: InputContext): TextIntent => {
  const { inputType, selection, blockKind } = context
  const text = plainText(context.runs)
  const collapsed = selection.start === selection.end
  switch (inputType) {
    case 'insertText':
    case 'insertReplacementText':
    case 'insertFromComposition':
      return insertAt(context, context.data ?? '')
    case 'insertFromPaste':
    case 'insertFromDrop':
    case 'insertFromYank':
      return insertAt(context, pastedText(context.data ?? '', blockKind))
    case 'insertParagraph':
      if (blockKind === 'code') return insertAt(context, '\n')
      if (blockKind === 'cell') return { kind: 'none' }
      return {
        kind: 'split',
        offset: selection.start,
        deleteLength: selection.end - selection.start,
      }
    case 'insertLineBreak':
      if (blockKind === 'code') return insertAt(context, '\n')
      if (blockKind === 'cell') return { kind: 'none' }
      // Shift+Enter: a hard line break inside the block (Markdown's trailing backslash)
      return insertAt(context, '\n', { break: true })
    case 'deleteContentBackward':
      if (collapsed && selection.start === 0) return { kind: 'merge_backward' }
      return deleteBy(context, (t, caret) => ({ start: previousCharacter(t, caret), end: caret }))
    case 'deleteContentForward':
      if (collapsed && selection.start === text.length) return { kind: 'merge_forward' }
      return deleteBy(context, (t, caret) => ({ start: caret, end: nextCharacter(t, caret) }))
    case 'deleteWordBackward':
      if (collapsed && selection.start === 0) return { kind: 'merge_backward' }
      return deleteBy(context, (t, caret) => ({ start: wordStart(t, caret), end: caret }))
    case 'deleteWordForward':
      if (collapsed && selection.start === text.length) return { kind: 'merge_forward' }
      return deleteBy(context, (t, caret) => ({ start: caret, end: wordEnd(t, caret) }))
    case 'deleteSoftLineBackward':
    case 'deleteHardLineBackward':
      if (collapsed && selection.start === 0) return { kind: 'merge_backward' }
      return deleteBy(context, (t, caret) => ({
        start: t.lastIndexOf('\n', caret - 1) + 1,
        end: caret,
      }))
    case 'deleteSoftLineForward':
    case 'deleteHardLineForward':
      return deleteBy(context, (t, caret) => {
        const newline = t.indexOf('\n', caret)
        return { start: caret, end: newline === -1 ? t.length : newline }
      })
    case 'deleteByCut':
    case 'deleteByDrag':
    case 'deleteContent':
      return deleteRange(selection.start, selection.end)
    case 'historyUndo':
      return { kind: 'undo' }
    case 'historyRedo':
      return { kind: 'redo' }
    default: {
      const mark = FORMAT_INPUTS[inputType]
      if (mark !== undefined) return toggleMark(context.runs, selection, mark)
      return { kind: 'none' }
    }
  }
}
