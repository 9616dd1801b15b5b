import { describe, expect, it } from 'vitest'
import {
  type InputContext,
  interpretInput,
  pastedText,
  wordStart,
} from '../../src/editor/text-input.js'

const context = (over: Partial<InputContext> & { text?: string }): InputContext => ({
  inputType: 'insertText',
  data: null,
  runs: over.text === undefined ? [] : [{ insert: over.text }],
  selection: { start: 0, end: 0 },
  blockKind: 'text',
  ...over,
})

describe('interpreting beforeinput', () => {
  it('types over the selection, with the caret after the typed text', () => {
    expect(
      interpretInput(context({ text: 'hello', data: 'J', selection: { start: 0, end: 1 } })),
    ).toEqual({
      kind: 'edit',
      delta: [{ delete: 1 }, { insert: 'J' }],
      caret: 1,
    })
  })

  it('types in the formatting of the character before the caret, or the one toggled', () => {
    const runs = [{ insert: 'ab', attributes: { italic: true } }]
    const plain = interpretInput({
      ...context({ data: 'c' }),
      runs,
      selection: { start: 2, end: 2 },
    })
    expect(plain).toMatchObject({
      delta: [{ retain: 2 }, { insert: 'c', attributes: { italic: true } }],
    })
    const toggled = interpretInput({
      ...context({ data: 'c', pendingMarks: { italic: false, bold: true } }),
      runs,
      selection: { start: 2, end: 2 },
    })
    expect(toggled).toMatchObject({
      delta: [{ retain: 2 }, { insert: 'c', attributes: { bold: true } }],
    })
  })

  it('Backspace at the very start merges with the block before; elsewhere it deletes one character', () => {
    const at = (offset: number) =>
      interpretInput(
        context({
          inputType: 'deleteContentBackward',
          text: 'ab😀',
          selection: { start: offset, end: offset },
        }),
      )
    expect(at(0)).toEqual({ kind: 'merge_backward' })
    expect(at(1)).toEqual({ kind: 'edit', delta: [{ delete: 1 }], caret: 0 })
    // an emoji is two UTF-16 units and goes at once
    expect(at(4)).toEqual({ kind: 'edit', delta: [{ retain: 2 }, { delete: 2 }], caret: 2 })
  })

  it('Delete at the very end pulls the next block in', () => {
    const input = context({
      inputType: 'deleteContentForward',
      text: 'ab',
      selection: { start: 2, end: 2 },
    })
    expect(interpretInput(input)).toEqual({ kind: 'merge_forward' })
  })

  it('deletes the range the browser names for word and line deletions', () => {
    const input = context({
      inputType: 'deleteWordBackward',
      text: 'one two three',
      selection: { start: 13, end: 13 },
      target: { start: 8, end: 13 },
    })
    expect(interpretInput(input)).toEqual({
      kind: 'edit',
      delta: [{ retain: 8 }, { delete: 5 }],
      caret: 8,
    })
    expect(wordStart('one two  ', 9)).toBe(4)
  })

  it('Enter splits a text block (after deleting the selection), adds a line in code, and does nothing in a cell', () => {
    expect(
      interpretInput(
        context({ inputType: 'insertParagraph', text: 'abcd', selection: { start: 1, end: 3 } }),
      ),
    ).toEqual({
      kind: 'split',
      offset: 1,
      deleteLength: 2,
    })
    expect(
      interpretInput(
        context({
          inputType: 'insertParagraph',
          text: 'x',
          blockKind: 'code',
          selection: { start: 1, end: 1 },
        }),
      ),
    ).toEqual({ kind: 'edit', delta: [{ retain: 1 }, { insert: '\n' }], caret: 2 })
    expect(interpretInput(context({ inputType: 'insertParagraph', blockKind: 'cell' }))).toEqual({
      kind: 'none',
    })
  })

  it('Shift+Enter inserts a hard line break', () => {
    expect(
      interpretInput(
        context({ inputType: 'insertLineBreak', text: 'ab', selection: { start: 1, end: 1 } }),
      ),
    ).toEqual({
      kind: 'edit',
      delta: [{ retain: 1 }, { insert: '\n', attributes: { break: true } }],
      caret: 2,
    })
  })

  it('pastes plain text: lines joined outside code, kept in code', () => {
    expect(pastedText('one\r\ntwo\n\nthree', 'text')).toBe('one two three')
    expect(pastedText('one\r\ntwo', 'code')).toBe('one\ntwo')
    const paste = interpretInput(context({ inputType: 'insertFromPaste', data: 'a\nb' }))
    expect(paste).toEqual({ kind: 'edit', delta: [{ insert: 'a b' }], caret: 3 })
  })

  it('formats the selection with the browser’s format commands, and undoes with its history ones', () => {
    const bold = interpretInput(
      context({ inputType: 'formatBold', text: 'abc', selection: { start: 0, end: 2 } }),
    )
    expect(bold).toEqual({
      kind: 'edit',
      delta: [{ retain: 2, attributes: { bold: true } }],
      caret: 2,
    })
    expect(interpretInput(context({ inputType: 'historyUndo' }))).toEqual({ kind: 'undo' })
    expect(interpretInput(context({ inputType: 'insertFromDrop', data: '' }))).toEqual({
      kind: 'none',
    })
  })
})
