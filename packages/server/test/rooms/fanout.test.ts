/**
 * One tick's frames, shared between sessions that see the same partitions: for any entries
 * and any sessions, each session gets exactly what picking its frames alone would give.
 *
 *   SEED=7 npx vitest run test/rooms/fanout     replay a seed
 */
import { DocumentReplica, type Envelope, type PartitionId, ROOT_ID } from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import { createPrng, int, seedFromEnv } from '../../../../test-support/prng.js'
import { type FanoutEntry, framesFor, TickFrames } from '../../src/rooms/fanout.js'

const SEED = seedFromEnv(1)
const PARTITIONS = ['p0', 'p1', 'p2', 'p3', 'p4']

/** Real envelopes of both delivery classes, from a replica. */
const replica = new DocumentReplica({ replica: 1, user: 'u' })
for (let i = 0; i < 10; i++)
  replica.insertBlock({ id: `b${i}`, parent: ROOT_ID, type: 'paragraph' })
const envelope = (n: number, kind: 'text' | 'move'): Envelope =>
  kind === 'text'
    ? replica.editText(`b${n % 10}`, (text) => text.insert(0, 'x'))
    : replica.moveBlock(`b${n % 10}`, { parent: ROOT_ID, after: null })

describe(`TickFrames (seed ${SEED})`, () => {
  it('gives every session the frames framesFor would, sharing the lists of equal subscriptions', () => {
    console.log(`fanout seed ${SEED} (replay: SEED=${SEED})`)
    const p = createPrng(SEED)
    for (let run = 0; run < 200; run++) {
      const first = int(p, 1, 1000)
      const entries: FanoutEntry[] = Array.from({ length: int(p, 1, 30) }, (_, i) => ({
        seq: first + i,
        envelope: envelope(first + i, p.next() < 0.8 ? 'text' : 'move'),
        delivery: p.next() < 0.8 ? 'content' : 'structure',
        partitions: PARTITIONS.filter(() => p.next() < 0.3),
        relocations: [],
      }))
      const tick = new TickFrames(entries)
      for (let session = 0; session < 20; session++) {
        const sees = new Set<PartitionId>(PARTITIONS.filter(() => p.next() < 0.35))
        // most sessions are up to date; some joined mid-way or lag behind
        const synced = p.next() < 0.8 ? first - 1 : first - 1 + int(p, -5, entries.length)
        expect(tick.for(synced, sees), `run ${run} (SEED=${SEED})`).toEqual(
          framesFor(entries, synced, sees),
        )
      }
    }
  })

  it('sessions that see the same partitions, in any order, share one list', () => {
    const entries: FanoutEntry[] = [
      {
        seq: 5,
        envelope: envelope(5, 'text'),
        delivery: 'content',
        partitions: ['p1'],
        relocations: [],
      },
    ]
    const tick = new TickFrames(entries)
    expect(tick.for(4, new Set(['p1', 'p2']))).toBe(tick.for(4, new Set(['p2', 'p1'])))
    expect(tick.for(4, new Set(['p1', 'p2']))).not.toBe(tick.for(4, new Set(['p1'])))
  })
})
