/**
 * The document's structure as joining sessions get it (DELIVERY-1), encoded once and shared:
 * a snapshot taken at seq S serves every session that joins while the room still holds the
 * ops after S, which follow it as structure ops — exactly what a resumed session gets. Encoding
 * the structure per join (636 KB and ~10 ms for 2,000 blocks) made a join storm of 1,000
 * sessions cost seconds of the event loop; now a snapshot is made again only once enough ops
 * came after the last one that replaying them would cost the client more than a fresh one.
 */
import {
  type DocumentReplica,
  encodeServerMessage,
  MAX_ASSEMBLED_SNAPSHOT_BYTES,
  ROOT_ID,
  splitSnapshot,
} from '@markdownsync/core'
import { type FanoutEntry, framesFor } from './fanout.js'
import type { RecentOps } from './recent-ops.js'

/** Ops after the shared snapshot beyond which a joining session gets a new one. */
const MAX_OPS_AFTER_SNAPSHOT = 2_000

export type JoinSnapshot =
  | { readonly kind: 'frames'; readonly frames: readonly Uint8Array[] }
  /** The structure is over the client's assembly limit (SNAP-1). */
  | { readonly kind: 'too_big'; readonly bytes: number }

export class JoinSnapshots {
  private shared: { readonly seq: number; readonly pieces: readonly Uint8Array[] } | undefined

  constructor(
    private readonly replica: DocumentReplica,
    private readonly recent: RecentOps<FanoutEntry>,
  ) {}

  /** The frames that bring a new session to `seq`: a snapshot's pieces, then structure ops. */
  framesAt(seq: number): JoinSnapshot {
    const shared = this.shared
    const after =
      shared === undefined || seq - shared.seq > MAX_OPS_AFTER_SNAPSHOT
        ? undefined
        : this.recent.since(shared.seq, seq)
    if (shared !== undefined && after !== undefined)
      return {
        kind: 'frames',
        frames: [...shared.pieces, ...framesFor(after, shared.seq, new Set())],
      }
    const snapshot = this.replica.encodeSnapshot({ content: () => false })
    if (snapshot.length > MAX_ASSEMBLED_SNAPSHOT_BYTES)
      return { kind: 'too_big', bytes: snapshot.length }
    const parts = splitSnapshot(snapshot)
    const pieces = parts.map((piece, i) =>
      encodeServerMessage({
        type: 'catch_up',
        partition: ROOT_ID,
        fromSeq: 0,
        toSeq: seq,
        content: { kind: 'snapshot', snapshot: piece },
        done: i === parts.length - 1,
      }),
    )
    this.shared = { seq, pieces }
    return { kind: 'frames', frames: pieces }
  }
}
