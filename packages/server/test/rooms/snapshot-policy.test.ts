/**
 * When snapshots are taken: after `everyOps` ops, but no sooner than `minIntervalMs` after the
 * previous one. The storage records the snapshots it is given; the op log is always committed.
 */
import { DocumentReplica } from '@markdownsync/core'
import { describe, expect, it, vi } from 'vitest'
import type { OpLog } from '../../src/rooms/op-log.js'
import { SnapshotPolicy } from '../../src/rooms/snapshot-policy.js'
import type { Storage } from '../../src/storage/storage.js'

const setup = (everyOps: number, minIntervalMs: number) => {
  const saved: number[] = []
  let seq = 0
  const storage = {
    saveSnapshot: async (_doc: string, snapshot: { seq: number }) => {
      saved.push(snapshot.seq)
    },
  } as unknown as Storage
  const opLog = {
    pendingCount: 0,
    get committedSeq() {
      return seq
    },
    idle: async () => undefined,
  } as unknown as OpLog
  const policy = new SnapshotPolicy(
    storage,
    'doc',
    new DocumentReplica({ replica: 1 }),
    opLog,
    everyOps,
    () => seq,
    minIntervalMs,
  )
  const sequence = async (n: number) => {
    for (let i = 0; i < n; i++) {
      seq++
      policy.opSequenced()
      await null // a write in flight ends before the next op (as the storage answers)
    }
  }
  return { saved, sequence }
}

describe('SnapshotPolicy', () => {
  it('takes a snapshot every `everyOps` ops when no interval is set', async () => {
    const { saved, sequence } = setup(10, 0)
    await sequence(35)
    expect(saved).toEqual([10, 20, 30])
  })

  it('under heavy traffic, waits `minIntervalMs` after a snapshot before the next', async () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    try {
      const { saved, sequence } = setup(10, 1_000)
      await sequence(35)
      expect(saved).toEqual([10])
      vi.advanceTimersByTime(1_000)
      // the count is long past due: the next op takes it
      await sequence(1)
      expect(saved).toEqual([10, 36])
    } finally {
      vi.useRealTimers()
    }
  })
})
