import { describe, expect, it } from 'vitest'
import { ROOT_ID, TRASH_ID } from '../../src/ids.js'
import type { Envelope } from '../../src/ops.js'
import { isValidPositionKey } from '../../src/position.js'
import { deliver, makePeers, type Peer, syncAll } from './peers.js'

const blockOf = (env: Envelope): string => {
  if (env.op.kind !== 'insert_block') throw new Error('not an insert')
  return env.op.block
}

/** Peers that all start from the same blocks under root, created by the first peer. */
const withBlocks = (n: number, names: readonly string[]): { peers: Peer[]; ids: string[] } => {
  const peers = makePeers(n)
  const ids = names.map((name) =>
    blockOf(
      peers[0]!.replica.insertBlock({ parent: ROOT_ID, id: name, type: 'paragraph', text: name }),
    ),
  )
  syncAll(peers)
  return { peers, ids }
}

describe('structure rules', () => {
  it('MOVE-1: concurrent cycle-forming moves leave no cycle', () => {
    const { peers } = withBlocks(2, ['A', 'B'])
    const [a, b] = peers as [Peer, Peer]
    a.replica.moveBlock('A', { parent: 'B' })
    b.replica.moveBlock('B', { parent: 'A' })
    syncAll(peers)
    const parents = peers.map((p) => [p.replica.parent('A'), p.replica.parent('B')])
    expect(parents).toEqual([
      ['B', ROOT_ID],
      ['B', ROOT_ID],
    ])
  })

  it('MOVE-1: a three-way cycle (A→B, B→C, C→A on three replicas) keeps the two older moves everywhere', () => {
    const { peers } = withBlocks(3, ['A', 'B', 'C'])
    const [a, b, c] = peers as [Peer, Peer, Peer]
    a.replica.moveBlock('A', { parent: 'B' })
    b.replica.moveBlock('B', { parent: 'C' })
    c.replica.moveBlock('C', { parent: 'A' })
    syncAll(peers)
    for (const p of peers) {
      expect([p.replica.parent('A'), p.replica.parent('B'), p.replica.parent('C')]).toEqual([
        'B',
        'C',
        ROOT_ID,
      ])
      expect(p.replica.checkInvariants()).toEqual([])
    }
  })

  it('MOVE-2: concurrent moves of one block — the lower HLC wins and the loser is reported', () => {
    const { peers } = withBlocks(2, ['X', 'P', 'Q'])
    const [a, b] = peers as [Peer, Peer]
    const first = a.replica.moveBlock('X', { parent: 'P' })
    b.ms = 5_000
    const second = b.replica.moveBlock('X', { parent: 'Q' })
    expect(first.id < second.id).toBe(true)
    deliver(a, second)
    const result = deliver(b, first)
    expect({
      parents: [a.replica.parent('X'), b.replica.parent('X')],
      rejected: result.rejected.map((r) => [r.id, r.code]),
    }).toEqual({ parents: ['P', 'P'], rejected: [[second.id, 'concurrent_move']] })
  })

  it('MOVE-3: a block deleted while another replica edits it keeps the edit and can be restored', () => {
    const { peers } = withBlocks(2, ['X'])
    const [a, b] = peers as [Peer, Peer]
    a.replica.deleteBlock('X')
    b.replica.insertText('X', 1, ' edited')
    b.replica.insertBlock({ parent: 'X', id: 'child', type: 'paragraph', text: 'inside' })
    syncAll(peers)
    expect(a.replica.parent('X')).toBe(TRASH_ID)
    a.replica.moveBlock('X', { parent: ROOT_ID })
    syncAll(peers)
    expect(
      peers.map((p) => [p.replica.isLive('X'), p.replica.text('X'), p.replica.text('child')]),
    ).toEqual([
      [true, 'X edited', 'inside'],
      [true, 'X edited', 'inside'],
    ])
  })

  it('MOVE-3: a concurrent move of a block out of the trash and a second delete — MOVE-2 keeps the older', () => {
    const { peers } = withBlocks(2, ['X', 'P'])
    const [a, b] = peers as [Peer, Peer]
    a.replica.deleteBlock('X')
    syncAll(peers)
    a.replica.moveBlock('X', { parent: 'P' })
    b.ms = 9_000
    b.replica.moveBlock('X', { parent: ROOT_ID })
    syncAll(peers)
    expect(peers.map((p) => p.replica.parent('X'))).toEqual(['P', 'P'])
  })

  it('MOVE-4: concurrent inserts at the same place get one order on every replica', () => {
    const { peers } = withBlocks(3, ['A', 'B'])
    for (const [i, p] of peers.entries())
      p.replica.insertBlock({ parent: ROOT_ID, after: 'A', id: `n${i}`, type: 'paragraph' })
    syncAll(peers)
    const orders = peers.map((p) => p.replica.children(ROOT_ID).join(' '))
    expect(new Set(orders).size).toBe(1)
    expect(orders[0]!.split(' ')).toHaveLength(5)
  })

  it('CREATE-1: a second creation of the same id has no structural effect, but its properties merge', () => {
    const { peers } = withBlocks(2, ['P'])
    const [a, b] = peers as [Peer, Peer]
    a.replica.insertBlock({ parent: ROOT_ID, id: 'dup', type: 'heading', props: { level: 1 } })
    b.ms = 5_000
    b.replica.insertBlock({ parent: 'P', id: 'dup', type: 'quote', props: { color: 'red' } })
    syncAll(peers)
    expect(
      peers.map((p) => [p.replica.parent('dup'), p.replica.type('dup'), p.replica.props('dup')]),
    ).toEqual([
      [ROOT_ID, 'quote', { color: 'red', level: 1 }],
      [ROOT_ID, 'quote', { color: 'red', level: 1 }],
    ])
  })

  it('CREATE-2: an op that arrives before its block waits for it', () => {
    const [a, b, c] = makePeers(3) as [Peer, Peer, Peer]
    const create = a.replica.insertBlock({
      parent: ROOT_ID,
      id: 'X',
      type: 'paragraph',
      text: 'one',
    })
    deliver(b, create)
    const edit = b.replica.insertText('X', 3, ' two')
    const early = deliver(c, edit)
    deliver(c, create)
    expect({ buffered: early.buffered, text: c.replica.text('X') }).toEqual({
      buffered: 1,
      text: 'one two',
    })
  })

  it('a duplicate delivery changes nothing', () => {
    const { peers } = withBlocks(2, ['X', 'Y'])
    const [a, b] = peers as [Peer, Peer]
    const move = a.replica.moveBlock('X', { parent: 'Y' })
    deliver(b, move)
    const before = b.replica.toCanonical()
    const again = deliver(b, move, ...a.outbox)
    expect({ applied: again.applied, doc: b.replica.toCanonical() }).toEqual({
      applied: 0,
      doc: before,
    })
  })
})

describe('positions of typed runs', () => {
  it('5,000 blocks inserted one after another in the middle of a document keep valid keys', () => {
    const [a] = makePeers(1) as [Peer]
    a.replica.insertBlock({ parent: ROOT_ID, id: 'first', type: 'paragraph' })
    a.replica.insertBlock({ parent: ROOT_ID, id: 'last', type: 'paragraph' })
    let after = 'first'
    for (let i = 0; i < 5_000; i++) {
      after = a.replica.insertBlock({ parent: ROOT_ID, after, type: 'paragraph' }).op.block
    }
    const keys = a.replica.children(ROOT_ID).map((id) => a.replica.position(id)!)
    expect(keys.every(isValidPositionKey)).toBe(true)
    expect(a.replica.children(ROOT_ID).at(-1)).toBe('last')
  })
})
