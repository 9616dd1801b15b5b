/**
 * The room's outbox: every op this client made that the server has not acknowledged, in the
 * order they were made, mirrored to an `OutboxStore`. Ops leave it on `ack` (the server
 * committed them, ACK-2) or when the server refused them for good (and then so do the later
 * ops that need a block the refused one created: they could never apply).
 *
 * Invariant: the memory map is the truth for this page; the store is written behind it in the
 * same order, and a store failure is reported once, never thrown into the room.
 */
import {
  type BlockId,
  createdBlocks,
  decodeEnvelope,
  type Envelope,
  encodeEnvelope,
  type OpId,
  referencedBlocks,
} from '@markdownsync/core'
import { type RoomError, roomError } from '../errors.js'
import type { OutboxStore } from './store.js'

export class Outbox {
  private readonly ops = new Map<OpId, Envelope>()
  private reportedFailure = false

  constructor(
    private readonly store: OutboxStore,
    private readonly docId: string,
    private readonly onError: (error: RoomError) => void,
  ) {}

  /** Reads what a previous page (or client) left unacknowledged. */
  async load(): Promise<void> {
    let records: Awaited<ReturnType<OutboxStore['load']>>
    try {
      records = await this.store.load(this.docId)
    } catch (error) {
      this.failed(error)
      return
    }
    const unreadable: string[] = []
    for (const record of records) {
      const decoded = decodeEnvelope(record.bytes)
      if (decoded.ok && decoded.value.id === record.opId)
        this.ops.set(decoded.value.id, decoded.value)
      else unreadable.push(record.opId)
    }
    if (unreadable.length > 0) {
      this.onError(
        roomError(
          'storage_failed',
          `${unreadable.length} kept ops could not be read (another SDK version?) and were dropped`,
        ),
      )
      this.persist(() => this.store.delete(this.docId, unreadable))
    }
  }

  get size(): number {
    return this.ops.size
  }

  has(id: OpId): boolean {
    return this.ops.has(id)
  }

  get(id: OpId): Envelope | undefined {
    return this.ops.get(id)
  }

  entries(): Envelope[] {
    return [...this.ops.values()]
  }

  /**
   * Sets aside the ops another user made: a browser profile's IndexedDB is shared by its tabs,
   * and another tab may be another user (or a dev user) with its own unacknowledged ops. They
   * stay in the store for that user's page; this page never sends, replays or drops them.
   */
  keepOnlyUser(user: string): void {
    for (const [id, envelope] of this.ops) if (envelope.user !== user) this.ops.delete(id)
  }

  /** The replica ids the kept ops were written with. */
  replicas(): Set<number> {
    return new Set([...this.ops.values()].map((e) => e.hlc.replica))
  }

  add(envelopes: readonly Envelope[]): void {
    for (const envelope of envelopes) this.ops.set(envelope.id, envelope)
    const records = envelopes.map((e) => ({ opId: e.id, bytes: encodeEnvelope(e) }))
    this.persist(() => this.store.put(this.docId, records))
  }

  /** Forgets acknowledged ops; returns how many were here. */
  acknowledge(ids: readonly OpId[]): number {
    const known = ids.filter((id) => this.ops.delete(id))
    if (known.length > 0) this.persist(() => this.store.delete(this.docId, known))
    return known.length
  }

  /**
   * Drops a refused op and the later ops that depend on it (they name a block it created, or
   * list it in `deps`); returns the ids dropped, the refused one first.
   */
  dropWithDependents(id: OpId): OpId[] {
    const refused = this.ops.get(id)
    if (refused === undefined) return []
    const dropped = [id]
    const lost = new Set<BlockId>(createdBlocks(refused.op))
    const lostOps = new Set<OpId>([id])
    let after = false
    for (const [opId, envelope] of this.ops) {
      if (opId === id) {
        after = true
        continue
      }
      if (!after) continue
      const needs =
        referencedBlocks(envelope.op).some((b) => lost.has(b)) ||
        (envelope.deps ?? []).some((d) => lostOps.has(d))
      if (!needs) continue
      dropped.push(opId)
      lostOps.add(opId)
      for (const b of createdBlocks(envelope.op)) lost.add(b)
    }
    for (const opId of dropped) this.ops.delete(opId)
    this.persist(() => this.store.delete(this.docId, dropped))
    return dropped
  }

  private persist(write: () => Promise<void>): void {
    let pending: Promise<void>
    try {
      pending = write()
    } catch (error) {
      this.failed(error)
      return
    }
    pending.catch((error: unknown) => this.failed(error))
  }

  private failed(error: unknown): void {
    if (this.reportedFailure) return
    this.reportedFailure = true
    this.onError(
      roomError(
        'storage_failed',
        `the outbox store failed (${(error as Error)?.message ?? error}); unacknowledged ops are kept in memory only`,
      ),
    )
  }
}
