/**
 * When a room writes a snapshot: after `everyOps` ops but no sooner than `minIntervalMs` after
 * the previous one, on a timer, on demand, and at close. A snapshot is derived data (snapshot +
 * tail = full replay), so it is only ever taken when the op log has committed everything
 * sequenced: it then holds exactly the ops 1..seq.
 *
 * Why both bounds: the op count bounds the replay when the room reopens; the interval bounds
 * the cost under heavy traffic, where every snapshot encodes the whole document on the event
 * loop (10+ ms for 2,000 blocks) and writes it (the load benchmark's 4,500 ops/s took a
 * snapshot nine times a second with a count alone: 17-21% of the server).
 */
import type { DocumentReplica } from '@markdownsync/core'
import type { Storage } from '../storage/storage.js'
import type { OpLog } from './op-log.js'

export class SnapshotPolicy {
  opsSinceSnapshot = 0
  private lastWrite = Number.NEGATIVE_INFINITY
  private wanted = false
  private writing: Promise<void> | undefined

  constructor(
    private readonly storage: Storage,
    private readonly docId: string,
    private readonly replica: DocumentReplica,
    private readonly opLog: OpLog,
    private readonly everyOps: number,
    private readonly currentSeq: () => number,
    private readonly minIntervalMs = 0,
  ) {}

  /** Counts a sequenced op; asks for a snapshot every `everyOps`, at most every `minIntervalMs`. */
  opSequenced(): void {
    if (
      ++this.opsSinceSnapshot >= this.everyOps &&
      !this.wanted &&
      performance.now() - this.lastWrite >= this.minIntervalMs
    )
      this.request()
  }

  /** Asks for a snapshot at the next moment the log is fully committed. */
  request(): void {
    this.wanted = true
    if (this.isCommitted()) void this.write()
  }

  /** Called after each commit: a wanted snapshot is taken once nothing is pending. */
  committed(): void {
    if (this.wanted && this.isCommitted()) void this.write()
  }

  /** Waits for the log to commit everything, then writes a snapshot; returns its seq. */
  async now(): Promise<number> {
    this.wanted = true
    await this.opLog.idle()
    if (this.isCommitted()) await this.write()
    else await this.writing
    return this.currentSeq()
  }

  private isCommitted(): boolean {
    return this.opLog.pendingCount === 0 && this.opLog.committedSeq === this.currentSeq()
  }

  private write(): Promise<void> {
    if (this.writing !== undefined) return this.writing
    this.wanted = false
    this.opsSinceSnapshot = 0
    this.lastWrite = performance.now()
    // taken synchronously, so it holds exactly the committed ops 1..seq
    const seq = this.currentSeq()
    const data = this.replica.encodeSnapshot()
    this.writing = this.storage
      .saveSnapshot(this.docId, { seq, data })
      .catch(() => {
        // try again with the next op
        this.opsSinceSnapshot = this.everyOps
      })
      .finally(() => {
        this.writing = undefined
      })
    return this.writing
  }
}
