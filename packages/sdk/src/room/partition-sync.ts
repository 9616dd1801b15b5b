/**
 * Which partitions the session sees and which of them have their content yet (DELIVERY-3):
 * every `subscribed` names the partitions the viewport now covers; each new one is asked for
 * with `catch_up_request` (from seq 0: a reconnected session holds no partition, and partition
 * ids do not survive a server restart) and counts as caught up when its last `catch_up` says
 * `done`.
 */
import { type ClientMessage, type PartitionId, PROTOCOL_LIMITS } from '@markdownsync/core'

export class PartitionSync {
  private seen = new Set<PartitionId>()
  private readonly catchingUp = new Set<PartitionId>()
  /** A `viewport` went out and its `subscribed` has not come back. */
  private awaiting = false

  constructor(private readonly send: (messages: readonly ClientMessage[]) => boolean) {}

  /** A new connection (or a new structure snapshot): nothing is seen yet. */
  reset(): void {
    this.seen = new Set()
    this.catchingUp.clear()
    this.awaiting = false
  }

  viewportSent(): void {
    this.awaiting = true
  }

  /** The server's `subscribed`: asks for the new partitions; returns those no longer seen. */
  subscribed(partitions: readonly PartitionId[]): PartitionId[] {
    this.awaiting = false
    const now = new Set(partitions)
    const dropped = [...this.seen].filter((p) => !now.has(p))
    const added = partitions.filter((p) => !this.seen.has(p))
    this.seen = now
    if (added.length > 0) this.request(added)
    return dropped
  }

  /** A `catch_up` of blocks arrived for `partition`. */
  caughtUp(partition: PartitionId, done: boolean): void {
    if (done) this.catchingUp.delete(partition)
  }

  /** The viewport's partitions are known and all have their content. */
  get settled(): boolean {
    return !this.awaiting && this.catchingUp.size === 0
  }

  /**
   * After a rate limit the server may have dropped a viewport or a catch-up request without
   * answering: ask again (`viewport` re-sends the viewport). Answers twice are harmless.
   */
  retry(viewport: () => void): void {
    if (this.awaiting) viewport()
    const waiting = [...this.catchingUp]
    if (waiting.length > 0) this.request(waiting)
  }

  private request(partitions: readonly PartitionId[]): void {
    for (const p of partitions) this.catchingUp.add(p)
    const max = PROTOCOL_LIMITS.maxCatchUpPartitions
    for (let i = 0; i < partitions.length; i += max)
      this.send([
        {
          type: 'catch_up_request',
          partitions: partitions.slice(i, i + max).map((partition) => ({ partition, sinceSeq: 0 })),
        },
      ])
  }
}
