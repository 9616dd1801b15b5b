/**
 * Ops that arrived before something they depend on (CREATE-2 at the edge): parked outside the
 * sequence, retried after every op that enters it, and refused with `missing_dependency` when
 * they have waited `maxWaitMs` or the room holds `maxOps` of them or `maxBytes` of their
 * envelopes (oldest go first), so waiting ops cannot grow memory without bound.
 *
 * Invariant: an op is either waiting here or sequenced or refused, never two of these.
 */
import type { Envelope, OpId } from '@markdownsync/core'
import type { RoomMember } from './member.js'

export interface WaitingOp {
  readonly envelope: Envelope
  readonly member: RoomMember
  readonly since: number
  /** Encoded size of the envelope, for the byte bound. */
  readonly bytes: number
}

export class WaitingOps {
  private readonly ops = new Map<OpId, WaitingOp>()
  private bytes = 0

  constructor(
    private readonly maxOps: number,
    private readonly maxWaitMs: number,
    private readonly maxBytes: number,
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
    this.bytes += op.bytes
    const evicted: WaitingOp[] = []
    for (const [id, waiting] of this.ops) {
      if (this.ops.size <= this.maxOps && this.bytes <= this.maxBytes) break
      this.remove(id, waiting)
      evicted.push(waiting)
    }
    return evicted
  }

  /** Takes every parked op out, oldest first, for a retry. */
  takeAll(): WaitingOp[] {
    const all = [...this.ops.values()]
    this.ops.clear()
    this.bytes = 0
    return all
  }

  /** Takes out the ops that waited too long. */
  expire(now: number): WaitingOp[] {
    const expired: WaitingOp[] = []
    for (const [id, waiting] of this.ops) {
      if (now - waiting.since < this.maxWaitMs) break
      this.remove(id, waiting)
      expired.push(waiting)
    }
    return expired
  }

  private remove(id: OpId, waiting: WaitingOp): void {
    this.ops.delete(id)
    this.bytes -= waiting.bytes
  }
}
