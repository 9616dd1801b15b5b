import { describe, expect, it } from 'vitest'
import { ROOT_ID } from '../../src/ids.js'
import { DocumentReplica } from '../../src/replica/replica.js'
import { SnapshotError } from '../../src/replica/snapshot.js'
import { deliver, makePeers, type Peer, syncAll } from './peers.js'

describe('snapshots', () => {
  it('a snapshot plus every op, duplicates included, equals the full replay', () => {
    const [a, b] = makePeers(2) as [Peer, Peer]
    a.replica.insertBlock({ parent: ROOT_ID, id: 'X', type: 'paragraph', text: 'one' })
    a.replica.insertBlock({ parent: ROOT_ID, id: 'Y', type: 'paragraph' })
    syncAll([a, b])
    const bytes = b.replica.encodeSnapshot()
    // after the snapshot: a late concurrent move pair (undo/redo), text and a property
    a.replica.moveBlock('X', { parent: 'Y' })
    b.replica.moveBlock('Y', { parent: 'X' })
    b.replica.insertText('X', 3, ' two')
    a.replica.setProperty('Y', 'checked', true)
    syncAll([a, b])
    const restored = DocumentReplica.fromSnapshot(bytes, { replica: 99, now: () => 5_000 })
    for (const env of [...b.outbox].reverse()) deliver({ ...b, replica: restored }, env)
    restored.apply([...a.outbox, ...a.outbox.slice(0, 2)])
    expect(restored.toCanonical()).toEqual(b.replica.toCanonical())
  })
})

describe('snapshot identity', () => {
  it('TEXT-1: restoring under a replica id that wrote into the snapshot is refused', () => {
    const [a] = makePeers(1) as [Peer]
    a.replica.insertBlock({ parent: ROOT_ID, id: 'X', type: 'paragraph', text: 'mine' })
    const bytes = a.replica.encodeSnapshot()
    expect(() => DocumentReplica.fromSnapshot(bytes, { replica: 1 })).toThrow(SnapshotError)
    expect(DocumentReplica.fromSnapshot(bytes, { replica: 2 }).text('X')).toBe('mine')
  })

  it('a damaged snapshot fails with a typed error, not a crash', () => {
    const [a] = makePeers(1) as [Peer]
    a.replica.insertBlock({ parent: ROOT_ID, id: 'X', type: 'paragraph', text: 'mine' })
    const bytes = a.replica.encodeSnapshot()
    expect(() =>
      DocumentReplica.fromSnapshot(bytes.slice(0, bytes.length >> 1), { replica: 2 }),
    ).toThrow(SnapshotError)
  })
})
