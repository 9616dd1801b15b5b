import { describe, expect, it } from 'vitest'
import { ROOT_ID } from '../../src/ids.js'
import { DocumentReplica } from '../../src/replica/replica.js'
import { Author } from '../sim/author.js'
import { deliver, liveText, makePeers, type Peer, syncAll } from './peers.js'

/** Peers sharing root blocks created (with their names as text) by the first peer. */
const withBlocks = (n: number, blocks: Record<string, string>): Peer[] => {
  const peers = makePeers(n)
  for (const [id, text] of Object.entries(blocks)) {
    peers[0]!.replica.insertBlock({ parent: ROOT_ID, id, type: 'paragraph', text })
  }
  syncAll(peers)
  return peers
}

const someLiveBlockHas = (peer: Peer, text: string): boolean =>
  liveText(peer).some((t) => t.includes(text))

describe('text rules', () => {
  it('SPLIT-1: text typed concurrently into the tail survives', () => {
    const peers = withBlocks(2, { X: 'hello world' })
    const [a, b] = peers as [Peer, Peer]
    a.replica.splitBlock('X', 5)
    b.replica.insertText('X', 8, '<typed>')
    syncAll(peers)
    expect(peers.map((p) => someLiveBlockHas(p, '<typed>'))).toEqual([true, true])
  })

  it('MERGE-1: merge appends the text, adopts the children and trashes `from`', () => {
    const [a] = withBlocks(1, { I: 'ab', F: 'cd' }) as [Peer]
    a.replica.insertBlock({ parent: 'F', id: 'K', type: 'paragraph' })
    a.replica.mergeBlocks('I', 'F')
    expect([a.replica.text('I'), a.replica.children('I'), a.replica.isLive('F')]).toEqual([
      'abcd',
      ['K'],
      false,
    ])
  })

  it('MERGE-2: text typed concurrently into the merged block survives', () => {
    const peers = withBlocks(2, { I: 'ab', F: 'cd' })
    const [a, b] = peers as [Peer, Peer]
    a.replica.mergeBlocks('I', 'F')
    b.replica.insertText('F', 2, '<typed>')
    syncAll(peers)
    expect(peers.map((p) => someLiveBlockHas(p, '<typed>'))).toEqual([true, true])
  })

  it('MERGE-2: blocks inserted under `from` concurrently end up under `into`', () => {
    const peers = withBlocks(2, { I: 'ab', F: 'cd' })
    const [a, b] = peers as [Peer, Peer]
    a.replica.mergeBlocks('I', 'F')
    b.replica.insertBlock({ parent: 'F', id: 'K', type: 'paragraph', text: 'kid' })
    syncAll(peers)
    expect(peers.map((p) => p.replica.parent('K'))).toEqual(['I', 'I'])
  })

  it('MERGE-2: the restore happens even when the merge only takes effect after an older op arrives', () => {
    // a moves F, then merges it (the merge's prev is that move). b types into F concurrently
    // and hears of the merge before the move: the merge's trash move is stale at first and
    // only becomes effective when the older move arrives and the log is redone.
    const peers = withBlocks(2, { I: 'ab', F: 'cd' })
    const [a, b] = peers as [Peer, Peer]
    const move = a.replica.moveBlock('F', { parent: ROOT_ID, after: 'I' })
    const merge = a.replica.mergeBlocks('I', 'F')
    b.replica.insertText('F', 2, '<typed>')
    deliver(b, merge)
    deliver(b, move)
    syncAll(peers)
    expect(peers.map((p) => someLiveBlockHas(p, '<typed>'))).toEqual([true, true])
  })

  it('MERGE-2: the restore lands in a live place when `into` itself was merged away', () => {
    // a merges F into I, then I into Z; b typed into F concurrently with the first merge.
    // "Next to `into`" would be in the trash.
    const peers = withBlocks(2, { Z: 'z', I: 'ab', F: 'cd' })
    const [a, b] = peers as [Peer, Peer]
    a.replica.mergeBlocks('I', 'F')
    a.replica.mergeBlocks('Z', 'I')
    b.replica.insertText('F', 2, '<typed>')
    syncAll(peers)
    expect(peers.map((p) => someLiveBlockHas(p, '<typed>'))).toEqual([true, true])
  })

  it('TEXT-1: concurrent formatting converges on every replica', () => {
    // found by the simulator: Yjs's clean-up of formatting after a remote update deletes
    // format items locally, in an update nobody sends, so the result depends on arrival order
    const peers = withBlocks(3, { B: 'abcdefgh' })
    const [a, b, c] = peers as [Peer, Peer, Peer]
    const red = b.replica.formatText('B', 1, 1, { color: 'red' })
    const bold2 = c.replica.formatText('B', 0, 2, { bold: true })
    const x = c.replica.insertText('B', 0, 'X')
    const bold7 = a.replica.formatText('B', 0, 7, { bold: true })
    for (const env of [red, x, bold2]) deliver(a, env)
    for (const env of [bold2, bold7, x]) deliver(b, env)
    for (const env of [red, bold7]) deliver(c, env)
    expect(peers.map((p) => p.replica.delta('B'))).toEqual([
      a.replica.delta('B'),
      a.replica.delta('B'),
      a.replica.delta('B'),
    ])
  })

  it('TEXT-1: a local edit after a remote insert lands where the user put it', () => {
    // found by the simulator: Yjs caches index→item "search markers" and drops them after
    // every non-local transaction; a remote update applied as if local leaves them stale
    const peers = withBlocks(2, { X: 'abcdefghijklmnopqrstuvwxyz' })
    const [a, b] = peers as [Peer, Peer]
    a.replica.deleteText('X', 18, 1)
    deliver(a, b.replica.insertText('X', 0, 'DQ'))
    a.replica.deleteText('X', 8, 1)
    expect(a.replica.text('X')).toBe('DQabcdefhijklmnopqrtuvwxyz')
  })

  it('TEXT-1: text whose Yjs dependencies arrive out of order is never left pending', () => {
    // found by the simulator: Yjs 13.6 keeps such structs pending and, after a partial retry,
    // forgets what one of them waits for, so it never integrates them (the text vanishes)
    const [a, d, b, c] = [new Author(1), new Author(2), new Author(3), new Author(4)]
    const create = a.insert('X', ROOT_ID, 'a0', { text: 'vtcm lmzs' })
    for (const author of [d, b, c]) author.observe(create)
    const w = b.type('X', 9, 'w')
    const q = c.observe(w).type('X', 10, 'qytubfkk gshbvix') // after b's 'w'
    const cm = b.observe(q).type('X', 26, 'cm lmzs') // after c's text
    const m7 = b.type('X', 33, '<M7>')
    const nvhk = d.type('X', 8, 'nvhk')
    const bold = d.format('X', 11, 1, { bold: true })
    const replica = new DocumentReplica({ replica: 9, now: () => 1_000 })
    for (const env of [create, m7, bold, q, nvhk, w, cm]) replica.apply([env])
    expect(replica.text('X')).toBe('vtcm lmznvhkswqytubfkk gshbvixcm lmzs<M7>')
  })

  it('TEXT-1: a block deleted and edited concurrently converges with its formatting', () => {
    const peers = withBlocks(2, { X: 'abcdef' })
    const [a, b] = peers as [Peer, Peer]
    a.replica.formatText('X', 0, 3, { bold: true })
    a.replica.deleteBlock('X')
    b.replica.formatText('X', 2, 3, { italic: true })
    b.replica.insertText('X', 6, 'g', { bold: true })
    syncAll(peers)
    expect(b.replica.toCanonical()).toEqual(a.replica.toCanonical())
  })
})
