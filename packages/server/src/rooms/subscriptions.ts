/**
 * Viewport subscriptions: which partitions each session sees, from the blocks it reports.
 * A session sees the partitions holding its viewport's blocks; the id `root` in a viewport
 * means "the whole document" (observers, bots, exports).
 *
 * Invariants: `subscribersOf(p)` and `partitionsOf(s)` are two views of one relation.
 */
import { type BlockId, type PartitionId, ROOT_ID, type SessionId } from '@markdownsync/core'
import type { PartitionMap } from './partition-map.js'

export interface SubscriptionChange {
  readonly added: PartitionId[]
  readonly removed: PartitionId[]
}

interface Entry<S> {
  readonly session: S
  viewport: readonly BlockId[]
  partitions: Set<PartitionId>
}

export class ViewportRegistry<S extends { readonly id: SessionId }> {
  private readonly entries = new Map<SessionId, Entry<S>>()
  private readonly subscribers = new Map<PartitionId, Set<S>>()

  constructor(private readonly map: PartitionMap) {}

  add(session: S): void {
    this.entries.set(session.id, { session, viewport: [], partitions: new Set() })
  }

  remove(session: SessionId): void {
    const entry = this.entries.get(session)
    if (entry === undefined) return
    for (const p of entry.partitions) this.subscribers.get(p)?.delete(entry.session)
    this.entries.delete(session)
  }

  subscribersOf(partition: PartitionId): ReadonlySet<S> {
    return this.subscribers.get(partition) ?? EMPTY
  }

  partitionsOf(session: SessionId): ReadonlySet<PartitionId> {
    return this.entries.get(session)?.partitions ?? EMPTY
  }

  sees(session: SessionId, partition: PartitionId): boolean {
    return this.entries.get(session)?.partitions.has(partition) ?? false
  }

  /** Replaces a session's viewport; returns what its subscriptions gained and lost. */
  setViewport(session: SessionId, viewport: readonly BlockId[]): SubscriptionChange {
    const entry = this.entries.get(session)
    if (entry === undefined) return { added: [], removed: [] }
    entry.viewport = viewport
    return this.resolve(entry)
  }

  /** After the partition map changed: every session's subscriptions again, with their changes. */
  remapAll(): Map<S, SubscriptionChange> {
    const changes = new Map<S, SubscriptionChange>()
    for (const entry of this.entries.values()) {
      const change = this.resolve(entry)
      if (change.added.length > 0 || change.removed.length > 0) changes.set(entry.session, change)
    }
    // partitions that no longer exist keep no subscriber sets
    for (const [p, set] of this.subscribers)
      if (set.size === 0 || this.map.get(p) === undefined) this.subscribers.delete(p)
    return changes
  }

  private resolve(entry: Entry<S>): SubscriptionChange {
    const next = new Set<PartitionId>()
    if (entry.viewport.includes(ROOT_ID)) for (const p of this.map.partitions) next.add(p.id)
    else
      for (const block of entry.viewport) {
        const p = this.map.partitionOf(block)
        if (p !== undefined) next.add(p)
      }
    const added = [...next].filter((p) => !entry.partitions.has(p))
    const removed = [...entry.partitions].filter((p) => !next.has(p))
    for (const p of removed) this.subscribers.get(p)?.delete(entry.session)
    for (const p of added) {
      let set = this.subscribers.get(p)
      if (set === undefined) {
        set = new Set()
        this.subscribers.set(p, set)
      }
      set.add(entry.session)
    }
    entry.partitions = next
    return { added, removed }
  }
}

const EMPTY: ReadonlySet<never> = new Set()
