/**
 * A structure snapshot bigger than one frame travels in pieces (SNAP-1): consecutive `catch_up`
 * messages for `root` whose `content` is `snapshot`, every one but the last with `done: false`.
 * The client joins them in order and decodes the whole once `done` arrives. One frame is at
 * most `maxFrameBytes` (1 MiB), and a 10,000-block document's structure alone is ~3 MB.
 */

/** Bytes of snapshot per piece: one message, with its header, stays under `maxFrameBytes`. */
export const SNAPSHOT_PIECE_BYTES = 1_000_000

/** The most snapshot bytes a client assembles (memory bound against a hostile server). */
export const MAX_ASSEMBLED_SNAPSHOT_BYTES = 64 * 1024 * 1024

/** Cuts a snapshot into pieces of at most `pieceBytes` (at least one piece, even if empty). */
export const splitSnapshot = (
  snapshot: Uint8Array,
  pieceBytes: number = SNAPSHOT_PIECE_BYTES,
): Uint8Array[] => {
  if (!(pieceBytes >= 1)) throw new RangeError('pieceBytes must be at least 1')
  const pieces: Uint8Array[] = []
  for (let at = 0; at < snapshot.length || pieces.length === 0; at += pieceBytes)
    pieces.push(snapshot.subarray(at, at + pieceBytes))
  return pieces
}

/** Joins the pieces of one snapshot on the client side. */
export class SnapshotAssembler {
  private pieces: Uint8Array[] = []
  private bytes = 0

  constructor(private readonly maxBytes: number = MAX_ASSEMBLED_SNAPSHOT_BYTES) {}

  /**
   * Adds the next piece: the whole snapshot when `done`, else undefined. Throws a RangeError
   * (and forgets what it held) when the pieces add up to more than `maxBytes`.
   */
  add(piece: Uint8Array, done: boolean): Uint8Array | undefined {
    this.bytes += piece.length
    if (this.bytes > this.maxBytes) {
      this.reset()
      throw new RangeError(`a snapshot over ${this.maxBytes} bytes`)
    }
    if (this.pieces.length === 0 && done) return piece
    this.pieces.push(piece)
    if (!done) return undefined
    const whole = new Uint8Array(this.bytes)
    let at = 0
    for (const p of this.pieces) {
      whole.set(p, at)
      at += p.length
    }
    this.reset()
    return whole
  }

  /** Drops a half-received snapshot (the connection it came on is gone). */
  reset(): void {
    this.pieces = []
    this.bytes = 0
  }
}
