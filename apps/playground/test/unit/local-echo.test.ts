import { describe, expect, it } from 'vitest'
import { LocalEcho, sameRuns } from '../../src/editor/local-echo.js'
import { plainText, replaceDelta } from '../../src/editor/runs.js'

const text = (echo: LocalEcho) => plainText(echo.model)
const runs = (t: string) => (t === '' ? [] : [{ insert: t }])

describe('the local echo of typing', () => {
  it('keeps keystrokes the store has not shown yet, and retires them as it does', () => {
    const echo = new LocalEcho()
    echo.receive(runs('ab'), 0)
    echo.local(replaceDelta(2, 2, 'c'), 1)
    echo.local(replaceDelta(3, 3, 'd'), 2)
    const before = echo.model
    // the store shows the first keystroke only: nothing changes on screen
    expect(echo.receive(runs('abc'), 3)).toBe(before)
    expect(echo.pendingCount).toBe(1)
    expect(echo.receive(runs('abcd'), 4)).toBe(before)
    expect(echo.pendingCount).toBe(0)
    expect(text(echo)).toBe('abcd')
  })

  it("shows someone else's change with the keystrokes still on their way applied as the replica will apply them", () => {
    const echo = new LocalEcho()
    echo.receive(runs('hello'), 0)
    echo.local(replaceDelta(5, 5, '!'), 1)
    echo.local(replaceDelta(6, 6, '?'), 2)
    // the store: their "Oh, " at the start, and the first keystroke
    echo.receive(runs('Oh, hello!'), 3)
    // the SDK applies a delta's offsets to the replica as they are, so the screen predicts that
    expect(text(echo)).toBe('Oh, he?llo!')
    expect(echo.pendingCount).toBe(1)
  })

  it('forgets a refused edit, and edits too old to still be on their way', () => {
    const echo = new LocalEcho(1000)
    echo.receive(runs('a'), 0)
    echo.local(replaceDelta(1, 1, 'b'), 1)
    echo.undoLast()
    expect(text(echo)).toBe('a')
    echo.local(replaceDelta(1, 1, 'c'), 10)
    echo.receive(runs('a'), 5000)
    expect(text(echo)).toBe('a')
  })

  it('compares runs by content, whatever the order of their attributes', () => {
    expect(
      sameRuns(
        [{ insert: 'x', attributes: { bold: true, italic: true } }],
        [{ insert: 'x', attributes: { italic: true, bold: true } }],
      ),
    ).toBe(true)
    expect(sameRuns([{ insert: 'x' }], [{ insert: 'x', attributes: { bold: true } }])).toBe(false)
  })
})
