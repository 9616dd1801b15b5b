import { describe, expect, it } from 'vitest'
import {
  decodeServerFrame,
  encodeServerFrame,
  PROTOCOL_LIMITS,
  SNAPSHOT_PIECE_BYTES,
  SnapshotAssembler,
  splitSnapshot,
} from '../../src/index.js'

const bytes = (n: number, seed = 7): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * seed) & 0xff)

describe('SNAP-1 a structure snapshot in pieces', () => {
  it('splits into pieces of at most the piece size and joins back to the same bytes', () => {
    for (const size of [0, 1, 99, 100, 101, 1_000]) {
      const snapshot = bytes(size)
      const pieces = splitSnapshot(snapshot, 100)
      expect(pieces.length).toBe(Math.max(1, Math.ceil(size / 100)))
      expect(pieces.every((p) => p.length <= 100)).toBe(true)
      const assembler = new SnapshotAssembler()
      const results = pieces.map((p, i) => assembler.add(p, i === pieces.length - 1))
      expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true)
      expect(results.at(-1)).toEqual(snapshot)
    }
  })

  it('a piece with its catch_up header fits one frame', () => {
    const [piece] = splitSnapshot(bytes(3 * SNAPSHOT_PIECE_BYTES))
    const frame = encodeServerFrame([
      {
        type: 'catch_up',
        partition: 'root',
        fromSeq: 0,
        toSeq: 2 ** 40,
        content: { kind: 'snapshot', snapshot: piece! },
        done: false,
      },
    ])
    expect(frame.length).toBeLessThanOrEqual(PROTOCOL_LIMITS.maxFrameBytes)
    expect(decodeServerFrame(frame).ok).toBe(true)
  })

  it('refuses to assemble more than its bound, and starts clean afterwards', () => {
    const assembler = new SnapshotAssembler(250)
    assembler.add(bytes(200), false)
    expect(() => assembler.add(bytes(100), false)).toThrow(RangeError)
    expect(assembler.add(bytes(10), true)).toEqual(bytes(10))
  })

  it('reset drops a half-received snapshot', () => {
    const assembler = new SnapshotAssembler()
    assembler.add(bytes(10, 3), false)
    assembler.reset()
    expect(assembler.add(bytes(5), true)).toEqual(bytes(5))
  })
})
