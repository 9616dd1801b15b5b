import { describe, expect, it } from 'vitest'
import { ROOT_ID } from '../../src/ids.js'
import { deliver, makePeers, type Peer, syncAll } from './peers.js'

describe('property rules', () => {
  it('PROP-1: concurrent writes of one key — the highest stamp wins, whatever the order of arrival', () => {
    const [a, b, c] = makePeers(3) as [Peer, Peer, Peer]
    a.replica.insertBlock({ parent: ROOT_ID, id: 'X', type: 'heading', props: { level: 1 } })
    syncAll([a, b, c])
    const low = a.replica.setProperty('X', 'level', 2)
    b.ms = 9_000
    const high = b.replica.setProperty('X', 'level', 3)
    deliver(c, high)
    deliver(c, low)
    syncAll([a, b])
    expect([a, b, c].map((p) => p.replica.property('X', 'level'))).toEqual([3, 3, 3])
  })

  it('PROP-1: the type is a register like any other, written by the creating op', () => {
    const [a, b] = makePeers(2) as [Peer, Peer]
    a.replica.insertBlock({ parent: ROOT_ID, id: 'X', type: 'heading' })
    syncAll([a, b])
    b.ms = 9_000
    b.replica.setProperty('X', 'type', 'quote')
    a.replica.setProperty('X', 'type', 'code')
    syncAll([a, b])
    expect([a.replica.type('X'), b.replica.type('X')]).toEqual(['quote', 'quote'])
  })
})
