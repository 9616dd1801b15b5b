/**
 * Undo and redo of one user's own changes, on two engines that exchange ops: text by Yjs
 * UndoManager semantics (only this user's characters, wherever others' edits moved them; a
 * deletion comes back at its place with its formatting), structure and properties by inverse
 * ops.
 */
import {
  type BlockId,
  type CanonicalBlock,
  DocumentReplica,
  type Envelope,
  ROOT_ID,
  type TextRun,
  TRASH_ID,
} from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import { InlineEngine } from '../../src/engine/inline-engine.js'
import type { LocalEdit } from '../../src/index.js'

interface Peer {
  readonly engine: InlineEngine
  readonly outbox: Envelope[]
  edit(edit: LocalEdit): void
  undo(): void
  redo(): void
  text(id: BlockId): Promise<string>
  runs(id: BlockId): Promise<TextRun[]>
  block(id: BlockId): Promise<(CanonicalBlock & { parent: BlockId }) | undefined>
}

const setup = (texts: readonly string[], captureTimeoutMs = 0) => {
  const seed = new DocumentReplica({ replica: 9, user: 'seed' })
  const ids = texts.map(
    (text) => seed.insertBlock({ parent: ROOT_ID, type: 'paragraph', text }).op.block,
  )
  const snapshot = seed.encodeSnapshot()
  const peer = (replica: number): Peer => {
    const engine = new InlineEngine({ history: { captureTimeoutMs } })
    const outbox: Envelope[] = []
    engine.subscribe((event) => {
      if (event.type === 'local_ops') outbox.push(...event.envelopes)
    })
    engine.post({
      type: 'load',
      snapshot,
      identity: { replica, user: `u${replica}`, session: 's' },
      replay: [],
    })
    const find = async (id: BlockId) => {
      const doc = (await engine.query({ type: 'canonical' }))!
      const visit = (
        blocks: CanonicalBlock[],
        parent: BlockId,
      ): (CanonicalBlock & { parent: BlockId }) | undefined => {
        for (const b of blocks) {
          if (b.id === id) return { ...b, parent }
          const inside = visit(b.children, b.id)
          if (inside !== undefined) return inside
        }
        return undefined
      }
      return visit(doc.root, ROOT_ID) ?? visit(doc.trash, TRASH_ID)
    }
    return {
      engine,
      outbox,
      edit: (edit) => engine.post({ type: 'edit', edit }),
      undo: () => engine.post({ type: 'undo' }),
      redo: () => engine.post({ type: 'redo' }),
      runs: async (id) => (await find(id))?.text ?? [],
      text: async (id) => ((await find(id))?.text ?? []).map((r) => r.insert).join(''),
      block: find,
    }
  }
  const a = peer(11)
  const b = peer(12)
  /** Delivers every op made so far to the other peer. */
  const sync = (): void => {
    while (a.outbox.length > 0 || b.outbox.length > 0) {
      const fromA = a.outbox.splice(0)
      const fromB = b.outbox.splice(0)
      if (fromA.length > 0) b.engine.post({ type: 'apply', envelopes: fromA })
      if (fromB.length > 0) a.engine.post({ type: 'apply', envelopes: fromB })
    }
  }
  return { a, b, sync, ids }
}

describe('undo and redo of text', () => {
  it("undo removes only this user's characters, wherever the others' edits put them", async () => {
    const { a, b, sync, ids } = setup(['hello'])
    const [block] = ids as [string]
    a.edit({ kind: 'edit_text', block, delta: [{ retain: 2 }, { insert: 'XY' }] })
    sync()
    b.edit({ kind: 'edit_text', block, delta: [{ insert: 'ab' }, { retain: 3 }, { insert: '!' }] }) // abheX!Yllo
    sync()
    expect(await a.text(block)).toBe('abheX!Yllo')
    a.undo()
    sync()
    expect(await a.text(block)).toBe('abhe!llo')
    expect(await b.text(block)).toBe('abhe!llo')
    a.redo()
    sync()
    expect(await b.text(block)).toBe('abheX!Yllo')
  })

  it('undo of a deletion puts the text back at its place with its formatting, around what others typed', async () => {
    const { a, b, sync, ids } = setup([''])
    const [block] = ids as [string]
    a.edit({
      kind: 'edit_text',
      block,
      delta: [{ insert: 'bold', attributes: { bold: true } }, { insert: ' plain' }],
    })
    a.edit({ kind: 'edit_text', block, delta: [{ retain: 1 }, { delete: 5 }] }) // "b" + "plain"
    sync()
    b.edit({ kind: 'edit_text', block, delta: [{ insert: 'Z' }] })
    sync()
    a.undo()
    sync()
    const expected = [
      { insert: 'Z' },
      { insert: 'bold', attributes: { bold: true } },
      { insert: ' plain' },
    ]
    expect(await a.runs(block)).toEqual(expected)
    expect(await b.runs(block)).toEqual(expected)
  })

  it('undo of a format restores the previous values of the keys it set', async () => {
    const { a, ids } = setup(['hello'])
    const [block] = ids as [string]
    a.edit({
      kind: 'edit_text',
      block,
      delta: [{ retain: 1 }, { retain: 3, attributes: { italic: true } }],
    })
    a.edit({ kind: 'edit_text', block, delta: [{ retain: 5, attributes: { bold: true } }] })
    a.undo()
    expect(await a.runs(block)).toEqual([
      { insert: 'h' },
      { insert: 'ell', attributes: { italic: true } },
      { insert: 'o' },
    ])
  })

  it('typing in one block within the capture timeout is one undo step; a batch is one step', async () => {
    const { a, ids } = setup(['x', 'y'], 60_000)
    const [first, second] = ids as [string, string]
    for (const letter of 'abc')
      a.edit({ kind: 'edit_text', block: first, delta: [{ insert: letter }] })
    a.undo()
    expect(await a.text(first)).toBe('x')
    a.engine.post({ type: 'batch', phase: 'start' })
    a.edit({ kind: 'replace_text', block: first, text: 'one' })
    a.edit({ kind: 'replace_text', block: second, text: 'two' })
    a.engine.post({ type: 'batch', phase: 'end' })
    a.undo()
    expect([await a.text(first), await a.text(second)]).toEqual(['x', 'y'])
  })
})

describe('undo and redo of structure and properties', () => {
  it('an insert is undone by deleting the block, and redone by putting it back where it was', async () => {
    const { a, ids } = setup(['one', 'two'])
    a.edit({
      kind: 'insert_block',
      block: 'new',
      parent: ROOT_ID,
      after: ids[0]!,
      type: 'paragraph',
      text: 'new',
    })
    a.undo()
    expect((await a.block('new'))?.parent).toBe(TRASH_ID)
    a.redo()
    const doc = (await a.engine.query({ type: 'canonical' }))!
    expect(doc.root.map((b) => b.id)).toEqual([ids[0], 'new', ids[1]])
  })

  it('a delete and a move are undone by putting the block back; a property by its old value', async () => {
    const { a, ids } = setup(['one', 'two', 'three'])
    const [one, two, three] = ids as [string, string, string]
    a.edit({ kind: 'delete_block', block: two })
    a.edit({ kind: 'move_block', block: one, parent: three })
    a.edit({ kind: 'set_property', block: three, key: 'color', value: 'red' })
    a.edit({ kind: 'set_property', block: three, key: 'type', value: 'heading' })
    for (let i = 0; i < 4; i++) a.undo()
    const doc = (await a.engine.query({ type: 'canonical' }))!
    expect(doc.root.map((b) => [b.id, b.type, b.props, b.children.length])).toEqual([
      [one, 'paragraph', {}, 0],
      [two, 'paragraph', {}, 0],
      [three, 'paragraph', { color: null }, 0],
    ])
  })

  it('a split is undone by merging back, and redone', async () => {
    const { a, b, sync, ids } = setup(['hello world'])
    const [block] = ids as [string]
    a.edit({ kind: 'split_block', block, offset: 5, newBlock: 'tail' })
    sync()
    a.undo()
    sync()
    expect(await b.text(block)).toBe('hello world')
    expect((await b.block('tail'))?.parent).toBe(TRASH_ID)
    a.redo()
    sync()
    expect([await b.text(block), (await b.block('tail'))?.parent]).toEqual(['hello', ROOT_ID])
    expect(await b.text('tail')).toBe(' world')
  })

  it('a merge is undone: the merged block comes back in its place with its text and children', async () => {
    const { a, b, sync, ids } = setup(['left', 'right'])
    const [left, right] = ids as [string, string]
    a.edit({ kind: 'insert_block', block: 'kid', parent: right, type: 'paragraph', text: 'kid' })
    a.edit({ kind: 'merge_blocks', into: left, from: right })
    sync()
    expect(await b.text(left)).toBe('leftright')
    a.undo()
    sync()
    expect(await b.text(left)).toBe('left')
    expect(await b.text(right)).toBe('right')
    const doc = (await b.engine.query({ type: 'canonical' }))!
    expect(doc.root.map((x) => [x.id, x.children.map((c) => c.id)])).toEqual([
      [left, []],
      [right, ['kid']],
    ])
    a.redo()
    sync()
    expect(await b.text(left)).toBe('leftright')
    expect((await b.block(right))?.parent).toBe(TRASH_ID)
    expect((await b.block('kid'))?.parent).toBe(left)
  })

  it('history survives the replica being swapped (a resync adopts a new replica id): it is by ids', async () => {
    const { a, ids } = setup(['hello'])
    const [block] = ids as [string]
    a.edit({ kind: 'edit_text', block, delta: [{ insert: '>>' }] })
    a.engine.post({ type: 'rebind', identity: { replica: 31, user: 'u11', session: 's2' } })
    a.undo()
    expect(await a.text(block)).toBe('hello')
  })
})
