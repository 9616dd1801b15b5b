/**
 * Small, explicit multi-replica arrangements for rule tests: a few `DocumentReplica`s with
 * fake wall clocks, each with an outbox of the ops it authored, and delivery done by hand so a
 * test says exactly who has seen what.
 */
import { ROOT_ID } from '../../src/ids.js'
import type { Envelope } from '../../src/ops.js'
import { type ApplyResult, DocumentReplica } from '../../src/replica/replica.js'
import { createPrng, floatFn } from '../sim/prng.js'

export interface Peer {
  readonly name: string
  readonly replica: DocumentReplica
  /** Every op this replica authored (local edits and MERGE-2 restores), oldest first. */
  readonly outbox: Envelope[]
  /** This replica's wall clock, in ms; tests move it to order stamps. */
  ms: number
}

/** `n` replicas with replica ids 1..n, wall clocks at 1000 ms, seeded randomness. */
export const makePeers = (n: number, seed = 1): Peer[] =>
  Array.from({ length: n }, (_, i) => {
    const peer: Peer = {
      name: `r${i + 1}`,
      outbox: [],
      ms: 1_000,
      replica: undefined as unknown as DocumentReplica,
    }
    const replica = new DocumentReplica({
      replica: i + 1,
      user: `u${i + 1}`,
      session: `s${i + 1}`,
      now: () => peer.ms,
      random: floatFn(createPrng(seed * 100 + i)),
    })
    replica.onLocalOp((env) => peer.outbox.push(env))
    ;(peer as { replica: DocumentReplica }).replica = replica
    return peer
  })

/** Delivers `envelopes` to `to` in one batch. */
export const deliver = (to: Peer, ...envelopes: Envelope[]): ApplyResult =>
  to.replica.apply(envelopes)

/**
 * Everyone sends everyone everything they have not sent yet, until nobody authors anything
 * new (restores authored during sync are sent too).
 */
export const syncAll = (peers: readonly Peer[]): void => {
  const sent = new Map<string, number>()
  for (let round = 0; round < 20; round++) {
    let moved = false
    for (const from of peers) {
      for (const to of peers) {
        if (from === to) continue
        const k = `${from.name}>${to.name}`
        const at = sent.get(k) ?? 0
        if (at < from.outbox.length) {
          to.replica.apply(from.outbox.slice(at))
          sent.set(k, from.outbox.length)
          moved = true
        }
      }
    }
    if (!moved) return
  }
  throw new Error('syncAll: replicas kept authoring ops')
}

/** The text of every live block, in document order. */
export const liveText = (peer: Peer): string[] => {
  const out: string[] = []
  const visit = (id: string): void => {
    for (const c of peer.replica.children(id)) {
      out.push(peer.replica.text(c))
      visit(c)
    }
  }
  visit(ROOT_ID)
  return out
}
