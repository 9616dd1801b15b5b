import { describe, expect, it } from 'vitest'
import { Author } from './author.js'
import { type CanonicalBlock, type CanonicalDoc, plainText, walkCanonical } from './canonical.js'
import { createPrng, shuffle } from './prng.js'
import { referenceCanonical, referenceReplay } from './reference.js'

const ids = (blocks: readonly CanonicalBlock[]): string[] => blocks.map((b) => b.id)
const find = (doc: CanonicalDoc, id: string): CanonicalBlock | undefined =>
  [...walkCanonical(doc.root), ...walkCanonical(doc.trash)].find((b) => b.id === id)
const parentOf = (doc: CanonicalDoc, id: string): string | undefined => {
  if (doc.root.some((b) => b.id === id)) return 'root'
  if (doc.trash.some((b) => b.id === id)) return 'trash'
  for (const b of [...walkCanonical(doc.root), ...walkCanonical(doc.trash)]) {
    if (b.children.some((c) => c.id === id)) return b.id
  }
  return undefined
}

describe('naive reference', () => {
  it('MOVE-4: siblings are ordered by key bytewise, then by block id', () => {
    const a = new Author(1)
    const ops = [
      a.insert('b', 'root', 'a1'),
      a.insert('a', 'root', 'a1'),
      a.insert('c', 'root', 'a0'),
    ]
    expect(ids(referenceCanonical(ops).root)).toEqual(['c', 'a', 'b'])
  })

  it('gives the same document for any delivery order, with duplicates', () => {
    const a = new Author(1)
    const b = new Author(2)
    const x = a.insert('x', 'root', 'a0', { text: 'hello' })
    const y = a.insert('y', 'root', 'a1')
    b.observe(x, y)
    const ops = [
      x,
      y,
      a.move('y', 'x', 'a0', y.id),
      b.move('x', 'y', 'a0', x.id),
      b.type('x', 5, ' world'),
      b.setProp('y', 'level', 2),
    ]
    const expected = referenceCanonical(ops)
    const prng = createPrng(7)
    for (let i = 0; i < 20; i++) {
      expect(referenceCanonical(shuffle(prng, [...ops, ...ops.slice(0, 3)]))).toEqual(expected)
    }
  })

  it('MOVE-1: concurrent cycle-forming moves leave no cycle, and the ignored move still takes the register', () => {
    const a = new Author(1)
    const b = new Author(2)
    const ca = a.insert('A', 'root', 'a0')
    const cb = a.insert('B', 'root', 'a1')
    b.observe(ca, cb)
    const aUnderB = a.move('A', 'B', 'a0', ca.id)
    const bUnderA = b.move('B', 'A', 'a0', cb.id)
    expect(aUnderB.id < bUnderA.id).toBe(true)
    const result = referenceReplay([ca, cb, aUnderB, bUnderA])
    expect(parentOf(result.canonical, 'A')).toBe('B')
    expect(parentOf(result.canonical, 'B')).toBe('root')
    expect(result.notes).toEqual([
      { id: bUnderA.id, kind: 'move_block', outcome: 'cycle', block: 'B' },
    ])
    // B's register is now bUnderA: a move naming the creation is stale, one naming bUnderA is not
    b.observe(aUnderB)
    const stale = b.move('B', 'trash', 'a0', cb.id)
    const fresh = b.move('B', 'trash', 'a5', bUnderA.id)
    expect(parentOf(referenceCanonical([ca, cb, aUnderB, bUnderA, stale]), 'B')).toBe('root')
    expect(parentOf(referenceCanonical([ca, cb, aUnderB, bUnderA, fresh]), 'B')).toBe('trash')
  })

  it('MOVE-1: a three-way cycle keeps the two older moves', () => {
    const [a, b, c] = [new Author(1), new Author(2), new Author(3)]
    const creates = [
      a.insert('A', 'root', 'a0'),
      a.insert('B', 'root', 'a1'),
      a.insert('C', 'root', 'a2'),
    ]
    b.observe(...creates)
    c.observe(...creates)
    const [ca, cb, cc] = creates as [(typeof creates)[0], (typeof creates)[0], (typeof creates)[0]]
    const m1 = a.move('A', 'B', 'a0', ca.id)
    const m2 = b.move('B', 'C', 'a0', cb.id)
    const m3 = c.move('C', 'A', 'a0', cc.id)
    const doc = referenceCanonical([m3, m1, ...creates, m2])
    expect(ids(doc.root)).toEqual(['C'])
    expect(parentOf(doc, 'B')).toBe('C')
    expect(parentOf(doc, 'A')).toBe('B')
  })

  it('MOVE-2: concurrent moves of one block — the lower HLC wins and the loser is noted', () => {
    const a = new Author(1)
    const b = new Author(2)
    const cx = a.insert('x', 'root', 'a0')
    const cp = a.insert('p', 'root', 'a1')
    const cq = a.insert('q', 'root', 'a2')
    b.observe(cx, cp, cq)
    const first = a.move('x', 'p', 'a0', cx.id)
    b.ms = 5_000
    const second = b.move('x', 'q', 'a0', cx.id)
    const result = referenceReplay([second, cq, first, cp, cx])
    expect(parentOf(result.canonical, 'x')).toBe('p')
    expect(result.notes).toEqual([
      { id: second.id, kind: 'move_block', outcome: 'concurrent_move', block: 'x' },
    ])
  })

  it('MOVE-3: a block deleted while another replica edits it keeps the edit and can be restored', () => {
    const a = new Author(1)
    const b = new Author(2)
    const cx = a.insert('x', 'root', 'a0', { text: 'abc' })
    const child = a.insert('k', 'x', 'a0')
    b.observe(cx, child)
    const del = a.delete('x', cx.id)
    const edit = b.type('x', 3, 'def')
    const under = b.insert('n', 'x', 'a1')
    const deleted = referenceCanonical([cx, child, del, edit, under])
    expect(ids(deleted.trash)).toEqual(['x'])
    expect(plainText(find(deleted, 'x')!)).toBe('abcdef')
    a.observe(edit, under)
    const restore = a.move('x', 'root', 'a3', del.id)
    const restored = referenceCanonical([cx, child, del, edit, under, restore])
    expect(restored.root.map((x) => [x.id, plainText(x), ids(x.children)])).toEqual([
      ['x', 'abcdef', ['k', 'n']],
    ])
  })

  it('MOVE-3: delete keeps the key', () => {
    const a = new Author(1)
    const cx = a.insert('x', 'root', 'a5')
    const cy = a.insert('y', 'root', 'a6')
    const doc = referenceCanonical([
      cx,
      cy,
      a.delete('x', cx.id),
      a.delete('y', cy.id),
      a.insert('z', 'trash', 'a0'),
    ])
    expect(ids(doc.trash)).toEqual(['z', 'x', 'y'])
  })

  it('CREATE-1: a second creation of an id has no structural effect, but its text and props merge', () => {
    const a = new Author(1)
    const b = new Author(2)
    const cp = a.insert('p', 'root', 'a0')
    b.observe(cp)
    const first = a.insert('x', 'root', 'a1', { type: 'heading', text: 'one', props: { level: 1 } })
    const second = b.insert('x', 'p', 'a0', { type: 'quote', text: 'two', props: { color: 'red' } })
    const result = referenceReplay([cp, second, first])
    const x = find(result.canonical, 'x')!
    expect(parentOf(result.canonical, 'x')).toBe('root')
    expect({ type: x.type, props: x.props, text: plainText(x).length }).toEqual({
      type: 'quote',
      props: { color: 'red', level: 1 },
      text: 6,
    })
    expect(result.notes.map((n) => n.outcome)).toEqual(['duplicate_block'])
  })

  it('CREATE-2: an op naming a block created by a later op is skipped entirely', () => {
    const a = new Author(1)
    const early = a.stamp({ kind: 'set_property', block: 'x', key: 'level', value: 3 })
    const create = a.insert('x', 'root', 'a0', { text: 'ok' })
    const later = a.setProp('x', 'color', 'blue')
    const result = referenceReplay([later, create, early])
    expect(find(result.canonical, 'x')!.props).toEqual({ color: 'blue' })
    expect(result.notes).toEqual([
      { id: early.id, kind: 'set_property', outcome: 'missing_block', block: 'x' },
    ])
  })

  it('PROP-1: the highest stamp wins, whatever the order of arrival', () => {
    const a = new Author(1)
    const b = new Author(2)
    const cx = a.insert('x', 'root', 'a0', { type: 'heading', props: { level: 1 } })
    b.observe(cx)
    const lo = a.setProp('x', 'level', 2)
    b.ms = 9_000
    const hi = b.setProp('x', 'level', 3)
    const retype = a.setProp('x', 'type', 'paragraph')
    const x = find(referenceCanonical([hi, retype, lo, cx]), 'x')!
    expect({ type: x.type, props: x.props }).toEqual({ type: 'paragraph', props: { level: 3 } })
  })

  it('SPLIT-1: text typed concurrently into the tail stays in the original block', () => {
    const a = new Author(1)
    const b = new Author(2)
    const cx = a.insert('x', 'root', 'a0', { text: 'hello world' })
    b.observe(cx)
    const split = a.split('x', 5, 'y', 'root', 'a1')
    const typed = b.type('x', 8, '<m>')
    const doc = referenceCanonical([cx, typed, split])
    expect(doc.root.map((blk) => [blk.id, plainText(blk)])).toEqual([
      ['x', 'hello<m>'],
      ['y', ' world'],
    ])
  })

  it('MERGE-1: merge appends the text, moves the children and trashes `from` with its key', () => {
    const a = new Author(1)
    const ci = a.insert('i', 'root', 'a0', { text: 'ab' })
    const cf = a.insert('f', 'root', 'a7', { text: 'cd' })
    const ck = a.insert('k', 'f', 'a0')
    const merge = a.merge('i', 'f', cf.id, [{ block: 'k', key: 'a0', prev: ck.id }])
    const doc = referenceCanonical([ci, cf, ck, merge])
    expect(doc.root.map((blk) => [blk.id, plainText(blk), ids(blk.children)])).toEqual([
      ['i', 'abcd', ['k']],
    ])
    expect(doc.trash.map((blk) => [blk.id, plainText(blk)])).toEqual([['f', '']])
  })

  it('MERGE-2: text typed into `from` concurrently stays in `from`, and an explicit restore brings it back', () => {
    const a = new Author(1)
    const b = new Author(2)
    const ci = a.insert('i', 'root', 'a0', { text: 'ab' })
    const cf = a.insert('f', 'root', 'a1', { text: 'cd' })
    b.observe(ci, cf)
    const merge = a.merge('i', 'f', cf.id)
    const typed = b.type('f', 2, '<m>')
    b.observe(merge)
    const rescue = b.move('f', 'root', 'a0V', merge.id)
    const doc = referenceCanonical([ci, cf, merge, typed, rescue])
    expect(doc.root.map((blk) => [blk.id, plainText(blk)])).toEqual([
      ['i', 'abcd'],
      ['f', '<m>'],
    ])
  })

  it('formatting: concurrent format runs merge by Yjs rules', () => {
    const a = new Author(1)
    const b = new Author(2)
    const cx = a.insert('x', 'root', 'a0', { text: 'abcdef' })
    b.observe(cx)
    const bold = a.format('x', 0, 4, { bold: true })
    const italic = b.format('x', 2, 4, { italic: true })
    const doc = referenceCanonical([cx, italic, bold])
    expect(doc.root[0]!.text).toEqual([
      { insert: 'ab', attributes: { bold: true } },
      { insert: 'cd', attributes: { bold: true, italic: true } },
      { insert: 'ef', attributes: { italic: true } },
    ])
  })
})
