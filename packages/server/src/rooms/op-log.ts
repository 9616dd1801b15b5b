/**
 * The document's durable op log with group commit (ACK-2): ops are appended to an in-memory
 * batch as they are sequenced, and one transaction at a time writes everything that queued
 * while the previous one was in flight. Authors are acknowledged from `onCommit`, never before.
 *
 * Invariants: `committedSeq` only grows; a batch is written whole or the log fails for good
 * (the room then closes and reloads from storage, so memory is never ahead of disk for long).
 */
import type { Storage, StoredOp } from '../storage/storage.js'

export interface OpLogEvents {
  /** Everything up to `seq` is durable. */
  onCommit(seq: number, batchSize: number, latencyMs: number): void
  /** A write failed: the room must stop accepting ops and reload. */
  onFailure(error: unknown): void
}

export class OpLog {
  private pending: StoredOp[] = []
  private writing = false
  private failed = false
  private idleWaiters: Array<() => void> = []
  committedSeq: number

  constructor(
    private readonly storage: Storage,
    private readonly docId: string,
    committedSeq: number,
    private readonly events: OpLogEvents,
  ) {
    this.committedSeq = committedSeq
  }

  get pendingCount(): number {
    return this.pending.length
  }

  append(op: StoredOp): void {
    if (this.failed) return
    this.pending.push(op)
    if (!this.writing) queueMicrotask(() => void this.writeLoop())
  }

  /** Resolves once everything appended so far is committed (or the log failed). */
  idle(): Promise<void> {
    if (!this.writing && this.pending.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private async writeLoop(): Promise<void> {
    if (this.writing) return
    this.writing = true
    while (this.pending.length > 0 && !this.failed) {
      const batch = this.pending
      this.pending = []
      const started = performance.now()
      try {
        await this.storage.appendOps(this.docId, batch)
      } catch (error) {
        this.failed = true
        this.pending = []
        this.events.onFailure(error)
        break
      }
      this.committedSeq = batch[batch.length - 1]!.seq
      this.events.onCommit(this.committedSeq, batch.length, performance.now() - started)
    }
    this.writing = false
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }
}
