/**
 * The coordinator's op pipeline: every durable op a session sends passes these checks, in this
 * order, before it may enter the document's sequence. A refused op changes nothing.
 *
 *   1. SEQ-1 permission: the session may write.
 *   2. SEQ-2 provenance: the op's user is the session's user; its replica id is not another
 *      user's (replica ids are Yjs client ids, so two writers sharing one would corrupt text);
 *      TEXT-2 its text updates write only under that replica id.
 *   3. HLC-3 the stamp is not too far ahead of the server clock.
 *   4. SEQ-3 duplicates by op id are applied once: a re-sent op is acknowledged with its seq.
 *   5. CREATE-2 at the edge: an op naming a block or op the document does not have yet *waits*
 *      (outside the sequence) for it — after a crash, the op that creates a block may be re-sent
 *      by its author after another client's edit of that block — and is refused with
 *      `missing_dependency` if it does not come in time, so the sequence never holds an op
 *      that waits for something that never comes.
 *   6. The replica applies it; MOVE-1/MOVE-2 losers are still sequenced (every replica must see
 *      them to converge) and their author is told why they lost.
 *
 * Invariants: an op is sequenced at most once; every sequenced op was applied to the server
 * replica; every op in the sequence has its dependencies earlier in the sequence.
 */
import {
  type DocumentReplica,
  type Envelope,
  type OpId,
  type RejectCode,
  validateEnvelope,
  yjsUpdateWriters,
} from '@markdownsync/core'

/** The replica id the server's own replica uses; clients may never write with it. */
export const SERVER_REPLICA = 0

export interface Author {
  readonly userId: string
  readonly canWrite: boolean
}

export type SequenceOutcome =
  | {
      readonly kind: 'sequenced'
      /** Set when the op was sequenced but lost (MOVE-1 cycle, MOVE-2 concurrent move). */
      readonly lost?: { readonly code: RejectCode; readonly reason: string }
    }
  | { readonly kind: 'duplicate' }
  /** CREATE-2: it names a block or op not here yet; the room parks it and tries again. */
  | { readonly kind: 'waiting' }
  | { readonly kind: 'refused'; readonly code: RejectCode; readonly reason: string }

const LOSS_REASONS: Partial<Record<string, { code: RejectCode; reason: string }>> = {
  concurrent_move: {
    code: 'concurrent_move',
    reason: 'another user moved this block at the same time; the earlier move wins',
  },
  cycle: { code: 'cycle', reason: 'the move would put the block inside itself' },
  duplicate_block: { code: 'duplicate_block', reason: 'a block with this id already exists' },
}

export class Sequencer {
  /** Which user wrote with each replica id (SEQ-2), learnt from every op seen since load. */
  private readonly replicaOwners = new Map<number, string>()

  constructor(
    private readonly replica: DocumentReplica,
    private readonly maxClockDriftMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an op read back from the log (on load), so SEQ-2 knows its replica's owner. */
  learn(envelope: Envelope): void {
    if (!this.replicaOwners.has(envelope.hlc.replica))
      this.replicaOwners.set(envelope.hlc.replica, envelope.user)
  }

  /** Whether a session of `userId` may write with this replica id. */
  mayUseReplica(replica: number, userId: string): boolean {
    if (replica === SERVER_REPLICA) return false
    const owner = this.replicaOwners.get(replica)
    return owner === undefined || owner === userId
  }

  /** Runs the pipeline on one envelope; on `sequenced` the op is applied to the replica. */
  admit(author: Author, envelope: Envelope): SequenceOutcome {
    if (!author.canWrite)
      return refused('permission_denied', 'this session may not change the document')
    if (envelope.user !== author.userId)
      return refused('invalid_op', 'the op names another user than the session')
    if (envelope.hlc.replica === SERVER_REPLICA)
      return refused('invalid_op', 'replica 0 is reserved for the server')
    if (!this.mayUseReplica(envelope.hlc.replica, author.userId))
      return refused('invalid_op', `replica ${envelope.hlc.replica} belongs to another writer`)
    if (!textWrittenBy(envelope, envelope.hlc.replica))
      return refused('invalid_op', "the op's text is written under another writer's Yjs client id")
    if (envelope.hlc.ms > this.now() + this.maxClockDriftMs)
      return refused('clock_drift', 'the op is stamped too far in the future; check the clock')
    if (this.replica.hasSeen(envelope.id)) return { kind: 'duplicate' }
    const invalid = validateEnvelope(envelope)
    if (invalid !== undefined) return refused('invalid_op', invalid)
    if (!this.replica.isReady(envelope)) return { kind: 'waiting' }
    const result = this.replica.apply([envelope])
    if (result.applied === 0)
      return refused('invalid_op', 'the op could not be applied (malformed text update)')
    this.learn(envelope)
    const loss = result.rejected.find((r) => r.id === envelope.id)
    const reason = loss === undefined ? undefined : LOSS_REASONS[loss.code]
    return reason === undefined ? { kind: 'sequenced' } : { kind: 'sequenced', lost: reason }
  }
}

/** The Yjs updates an op carries. */
const textUpdates = (op: Envelope['op']): Uint8Array[] => {
  switch (op.kind) {
    case 'insert_block':
      return op.text === undefined ? [] : [op.text]
    case 'split_block':
      return [op.headUpdate, op.tailText]
    case 'merge_blocks':
      return [op.intoUpdate, op.fromUpdate]
    case 'edit_text':
      return [op.update]
    default:
      return []
  }
}

/** TEXT-2: every struct of the op's text updates is written under `replica`. */
const textWrittenBy = (envelope: Envelope, replica: number): boolean =>
  textUpdates(envelope.op).every((update) => {
    const writers = yjsUpdateWriters(update)
    return writers?.every((w) => w === replica) ?? false
  })

const refused = (code: RejectCode, reason: string): SequenceOutcome => ({
  kind: 'refused',
  code,
  reason,
})

export type { OpId }
