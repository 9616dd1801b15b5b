import { describe, expect, it } from 'vitest'
import {
  applyDelta,
  diffText,
  formatDelta,
  hasMark,
  mapCaret,
  plainText,
  replaceDelta,
  transformOffset,
  typingAttributes,
} from '../../src/editor/runs.js'

const bold = { bold: true }

describe('runs and deltas', () => {
  it('applies an insert, a delete and a format the way the replica does', () => {
    const runs = [{ insert: 'Hello world' }]
    expect(applyDelta(runs, replaceDelta(5, 11, ', friends'))).toEqual([
      { insert: 'Hello, friends' },
    ])
    expect(applyDelta(runs, formatDelta(6, 11, 'bold', true))).toEqual([
      { insert: 'Hello ' },
      { insert: 'world', attributes: bold },
    ])
  })

  it('joins neighbouring runs that end up with the same formatting', () => {
    const runs = [{ insert: 'ab', attributes: bold }, { insert: 'cd' }]
    expect(applyDelta(runs, formatDelta(2, 4, 'bold', true))).toEqual([
      { insert: 'abcd', attributes: bold },
    ])
    expect(applyDelta(runs, formatDelta(0, 2, 'bold', false))).toEqual([{ insert: 'abcd' }])
  })

  it('keeps a caret on its character when others type before it, and after what it typed itself', () => {
    const typedAt3 = replaceDelta(3, 3, 'xy')
    expect(transformOffset(5, typedAt3)).toBe(7)
    expect(transformOffset(3, typedAt3)).toBe(3)
    expect(transformOffset(3, typedAt3, true)).toBe(5)
    expect(transformOffset(2, typedAt3)).toBe(2)
  })

  it('pulls a caret inside a deleted range to where the range was', () => {
    expect(transformOffset(6, replaceDelta(2, 8, ''))).toBe(2)
    expect(transformOffset(10, replaceDelta(2, 8, ''))).toBe(4)
  })

  it('finds the smallest change between two texts', () => {
    expect(diffText('the cat sat', 'the dog sat')).toEqual(replaceDelta(4, 7, 'dog'))
    expect(diffText('abc', 'abc')).toEqual([])
    expect(diffText('aaa', 'aaaa')).toEqual([{ retain: 3 }, { insert: 'a' }])
  })

  it('continues bold, italic, strike and code when typing, but not a link', () => {
    const runs = [
      { insert: 'a', attributes: { bold: true, link: { href: '/x' } } },
      { insert: 'b' },
    ]
    expect(typingAttributes(runs, 1)).toEqual({ bold: true })
    expect(typingAttributes(runs, 2)).toEqual({})
    expect(typingAttributes([], 0)).toEqual({})
  })

  it('says a range has a mark only when every character has it', () => {
    const runs = [{ insert: 'ab', attributes: bold }, { insert: 'cd' }]
    expect(hasMark(runs, 0, 2, 'bold')).toBe(true)
    expect(hasMark(runs, 1, 3, 'bold')).toBe(false)
    expect(plainText(runs)).toBe('abcd')
  })
})

describe('mapping a caret through a remote change', () => {
  it('keeps the caret between the characters it was between, even when the text changed on both sides', () => {
    // "one two| three": someone typed at the start and at the end in one update
    const before = 'one two three'
    const after = '>> one two three <<'
    expect(mapCaret(before, after, 7)).toBe(10)
  })

  it('falls back to the smallest change when the caret’s neighbours are gone', () => {
    expect(mapCaret('abcdef', 'abXYZf', 4)).toBe(2)
    expect(mapCaret('', 'hello', 0)).toBe(0)
  })
})
