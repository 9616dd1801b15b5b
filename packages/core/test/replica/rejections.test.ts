import { describe, expect, it } from 'vitest'
import { ROOT_ID } from '../../src/ids.js'
import type { Rejection } from '../../src/replica/replica.js'
import { deliver, makePeers, type Peer } from './peers.js'

describe('rejections reach their author', () => {
  it('MOVE-2: the author of a concurrent move that lost hears about it', () => {
    const [a, b] = makePeers(2) as [Peer, Peer]
    const setup = ['P', 'Q', 'X'].map((id) =>
      a.replica.insertBlock({ parent: ROOT_ID, id, type: 'paragraph' }),
    )
    deliver(b, ...setup)
    const lost: Rejection[] = []
    b.replica.onRejection((rejection) => lost.push(rejection))
    const first = a.replica.moveBlock('X', { parent: 'P' })
    b.ms += 10 // b's move has the higher stamp: it loses
    const second = b.replica.moveBlock('X', { parent: 'Q' })
    deliver(b, first)
    expect(lost).toEqual([{ id: second.id, code: 'concurrent_move', block: 'X' }])
    expect(b.replica.parent('X')).toBe('P')
  })

  it('MOVE-1: a move that only looked like a cycle is reinstated when an older op arrives', () => {
    const [a, b, c] = makePeers(3) as [Peer, Peer, Peer]
    const setup = ['P', 'Q'].map((id) =>
      a.replica.insertBlock({ parent: ROOT_ID, id, type: 'paragraph' }),
    )
    deliver(b, ...setup)
    deliver(c, ...setup)
    a.ms += 5
    const qToEnd = a.replica.moveBlock('Q', { parent: ROOT_ID }) // older
    c.ms += 10
    const qUnderP = c.replica.moveBlock('Q', { parent: 'P' }) // concurrent with it, newer: loses
    deliver(b, qUnderP)
    const rejected: Rejection[] = []
    const reinstated: Rejection[] = []
    b.replica.onRejection((r) => rejected.push(r))
    b.replica.onReinstated((r) => reinstated.push(r))
    b.ms += 20
    const pUnderQ = b.replica.moveBlock('P', { parent: 'Q' }) // Q is under P here: a cycle
    expect(rejected).toEqual([{ id: pUnderQ.id, code: 'cycle', block: 'P' }])
    deliver(b, qToEnd) // Q→P loses (MOVE-2), so P→Q was no cycle after all
    expect(reinstated).toEqual([{ id: pUnderQ.id, code: 'applied', block: 'P' }])
    expect(b.replica.parent('P')).toBe('Q')
  })
})
