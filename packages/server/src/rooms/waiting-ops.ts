/**
 * Ops that arrived before something they depend on (CREATE-2 at the edge): parked outside the
 * sequence, retried after every op that enters it, and refused with `missing_dependency` when
 * they have waited `maxWaitMs` or the room holds `maxOps` of them (oldest go first).
 *
 * Invariant: an op is either waiting here or sequenced or refused, never two of these.
 */
import type { Envelope, OpId } from '@markdownsync/core'
import type { RoomMember } from './member.js'

export interface WaitingOp {
  readonly envelope: Envelope
  readonly member: RoomMember
  readonly since: number
}

export class WaitingOps {
  private readonly ops = new Map<OpId, WaitingOp>()

  constructor(
    private readonly maxOps: number,
    private readonly maxWaitMs: number,
  ) {}

  get size(): number {
    return this.ops.size
  }

  has(id: OpId): boolean {
    return this.ops.has(id)
  }

  /** Parks an op; returns those pushed out by the bound, to refuse. */
  park(op: WaitingOp): WaitingOp[] {
    this.ops.set(op.envelope.id, op)
    const evicted: WaitingOp[] = []
    for (const [id, waiting] of this.ops) {
      if (this.ops.size <= this.maxOps) break
      this.ops.delete(id)
      evicted.push(waiting)
    }
    return evicted
  }

  /** Takes every parked op out, oldest first, for a retry. */
  takeAll(): WaitingOp[] {
    const all = [...this.ops.values()]
    this.ops.clear()
    return all
  }

  /** Takes out the ops that waited too long. */
  expire(now: number): WaitingOp[] {
    const expired: WaitingOp[] = []
    for (const [id, waiting] of this.ops) {
      if (now - waiting.since < this.maxWaitMs) break
      this.ops.delete(id)
      expired.push(waiting)
    }
    return expired
  }
}
