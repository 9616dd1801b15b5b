/** Which cursor marks the canvas draws, and where: the pure layout, without a DOM. */
import type { CursorCluster, UserInfo } from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import {
  type CaretPlace,
  type CursorLayoutInput,
  type CursorMark,
  layoutCursors,
  type RectLike,
} from '../../src/cursors/layout.js'
import { labelTextColor } from '../../src/cursors/painter.js'
import type { OtherCursor } from '../../src/room/types.js'

// A monospace page: block `bN` starts at row N, 8 px per character, 40 characters a line.
const PAGE = { left: 100, top: 50, char: 8, line: 20, perLine: 40, blockGap: 60 }
const row = (block: string): number => Number(block.slice(1))
const caretRect = ({ block, index }: CaretPlace): RectLike | null =>
  block.startsWith('b')
    ? {
        left: PAGE.left + (index % PAGE.perLine) * PAGE.char,
        top: PAGE.top + row(block) * PAGE.blockGap + Math.floor(index / PAGE.perLine) * PAGE.line,
        width: 0,
        height: PAGE.line,
      }
    : null
const blockRect = (block: string): RectLike => ({
  left: PAGE.left,
  top: PAGE.top + row(block) * PAGE.blockGap,
  width: PAGE.perLine * PAGE.char,
  height: 3 * PAGE.line,
})

const user = (n: number, color = '#0090ff'): UserInfo => ({
  id: `user-${n}`,
  name: `User ${n}`,
  color,
  kind: 'human',
})
const other = (n: number, cursor: OtherCursor | null, color?: string) => ({
  user: user(n, color),
  cursor,
})

const layout = (over: Partial<CursorLayoutInput>): CursorMark[] =>
  layoutCursors({
    others: [],
    clusters: [],
    caretRect,
    blockRect,
    originLeft: 0,
    originTop: 0,
    width: 1000,
    height: 1000,
    pixelRatio: 1,
    maxCaretsPerBlock: 10,
    ...over,
  })

describe('cursor layout', () => {
  it("puts each caret at its text position, relative to the canvas, in its user's colour and name", () => {
    const marks = layout({
      others: [
        other(1, { block: 'b0', index: 3 }, '#e5484d'),
        other(2, { block: 'b2', index: 45 }, '#46a758'),
      ],
      originLeft: 20,
      originTop: 10,
    })
    expect(marks).toEqual([
      { kind: 'caret', x: 104, y: 40, height: 20, color: '#e5484d', label: 'User 1' },
      { kind: 'caret', x: 120, y: 180, height: 20, color: '#46a758', label: 'User 2' },
    ])
  })

  it('draws nothing for carets it cannot place: no cursor, text not loaded, no rect', () => {
    const marks = layout({
      others: [
        other(1, null),
        other(2, { block: 'b0', index: null }),
        other(3, { block: 'x-unknown', index: 0 }),
      ],
    })
    expect(marks).toEqual([])
  })

  it('leaves out carets outside the canvas', () => {
    const marks = layout({
      others: [other(1, { block: 'b0', index: 0 }), other(2, { block: 'b9', index: 0 })],
      height: 300, // b9 starts at 50 + 9 × 60 = 590
    })
    expect(marks.map((m) => m.kind === 'caret' && m.label)).toEqual(['User 1'])
  })

  it('puts carets on whole device pixels', () => {
    const at = (pixelRatio: number) =>
      layout({
        others: [other(1, { block: 'b0', index: 0 })],
        caretRect: () => ({ left: 10.3, top: 20.8, height: 17.4 }),
        pixelRatio,
      })[0]
    expect(at(1)).toMatchObject({ x: 10, y: 21, height: 17 })
    expect(at(2)).toMatchObject({ x: 10.5, y: 21, height: 17.5 })
  })

  it('shows more than 10 carets in one block as one badge with their count and a few colours', () => {
    const colors = ['#e5484d', '#f76b15', '#d6a100', '#46a758', '#12a594']
    const crowd = Array.from({ length: 11 }, (_, i) =>
      other(i, { block: 'b1', index: i }, colors[i % colors.length]),
    )
    const marks = layout({ others: [...crowd, other(99, { block: 'b0', index: 0 })] })
    expect(marks).toEqual([
      { kind: 'caret', x: 100, y: 50, height: 20, color: '#0090ff', label: 'User 99' },
      { kind: 'badge', x: 100, y: 110, count: 11, colors: colors.slice(0, 4) },
    ])
  })

  it('keeps exactly 10 carets in one block as carets', () => {
    const ten = Array.from({ length: 10 }, (_, i) => other(i, { block: 'b1', index: i }))
    expect(layout({ others: ten }).filter((m) => m.kind === 'caret')).toHaveLength(10)
  })

  it("shows the server's clusters as badges, hiding any caret left in their block", () => {
    const clusters: CursorCluster[] = [
      { block: 'b3', count: 42, colors: ['#e5484d', '#46a758', '#0090ff', '#8e4ec6', '#d6409f'] },
      { block: 'b4', count: 0, colors: [] },
    ]
    const marks = layout({
      others: [other(1, { block: 'b3', index: 2 }), other(2, { block: 'b4', index: 2 })],
      clusters,
    })
    expect(marks).toEqual([
      { kind: 'caret', x: 116, y: 290, height: 20, color: '#0090ff', label: 'User 2' },
      {
        kind: 'badge',
        x: 100,
        y: 230,
        count: 42,
        colors: ['#e5484d', '#46a758', '#0090ff', '#8e4ec6'],
      },
    ])
  })

  it('anchors a badge at the start of the text when there is no block rect', () => {
    const marks = layout({
      clusters: [{ block: 'b2', count: 12, colors: ['#e5484d'] }],
      blockRect: undefined,
    })
    expect(marks).toEqual([{ kind: 'badge', x: 100, y: 170, count: 12, colors: ['#e5484d'] }])
  })

  it('tints a selection on one line between its two ends, under the carets', () => {
    const marks = layout({
      others: [other(1, { block: 'b0', index: 10, head: 4 }, '#8e4ec6')],
    })
    expect(marks).toEqual([
      { kind: 'band', x: 132, y: 50, width: 48, height: 20, color: '#8e4ec6' },
      { kind: 'caret', x: 180, y: 50, height: 20, color: '#8e4ec6', label: 'User 1' },
    ])
  })

  it("tints a selection over three lines to the block's edges", () => {
    const marks = layout({ others: [other(1, { block: 'b0', index: 5, head: 85 })] })
    const bands = marks
      .filter((m) => m.kind === 'band')
      .map(({ x, y, width, height }) => ({
        x,
        y,
        width,
        height,
      }))
    expect(bands).toEqual([
      { x: 140, y: 50, width: 280, height: 20 }, // from the caret to the right edge
      { x: 100, y: 70, width: 320, height: 20 }, // the whole middle line
      { x: 100, y: 90, width: 40, height: 20 }, // from the left edge to the other end
    ])
  })

  it("marks only the other end of a multi-line selection when the block's box is unknown", () => {
    const marks = layout({
      others: [other(1, { block: 'b0', index: 45, head: 2 })],
      blockRect: undefined,
    })
    expect(marks[0]).toMatchObject({ kind: 'band', x: 115, y: 50, width: 2, height: 20 })
  })

  it('picks label text that reads on the colour', () => {
    expect(labelTextColor('#d6a100')).toBe('#000')
    expect(labelTextColor('#ffffff')).toBe('#000')
    expect(labelTextColor('#0090ff')).toBe('#fff')
    expect(labelTextColor('#3e63dd')).toBe('#fff')
  })
})
