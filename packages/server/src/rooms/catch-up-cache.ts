/**
 * Each block's catch-up content (DELIVERY-3), computed once and shared by every session that
 * catches up on it: the same block in the same state is the same bytes for everyone, and
 * Yjs-encoding it again per session was 11–21% of the server's CPU under the load benchmark.
 *
 * Entries are dropped by the replica's change event, which names every block whose text,
 * properties, parent, position or move register may have changed — for every op kind, for
 * merged-away blocks and the children a merge moves, for moves whose outcome a late op changed
 * (undo/redo) and for ops woken from the dependency buffer. A request with a non-empty Yjs state
 * vector wants a diff of its own and is computed afresh.
 *
 * Invariants: an entry equals `catchUpBlock(replica, id)`; only live blocks have entries (one
 * is filled only for a live block, and the change that deletes a block drops its entry and
 * its descendants'); the entries' estimated size stays within `maxBytes`, the oldest filled
 * evicted first.
 */
import {
  type BlockId,
  type CatchUpBlock,
  type DocumentReplica,
  encodeCatchUpBlock,
  ROOT_ID,
  TRASH_ID,
} from '@markdownsync/core'
import { type CatchUpSource, catchUpBlock } from './catch-up.js'

/** Default budget: about 8× the entries of a 10,000-block document of short paragraphs (~4 MB). */
export const DEFAULT_CATCH_UP_CACHE_BYTES = 32 * 1024 * 1024

/** Bytes an entry holds beside its text and values: ids, key, stamps, objects (an estimate). */
const ENTRY_OVERHEAD_BYTES = 256
const REGISTER_OVERHEAD_BYTES = 96

const estimatedBytes = (block: CatchUpBlock): number => {
  let bytes = ENTRY_OVERHEAD_BYTES + (block.text?.length ?? 0)
  for (const register of block.props)
    bytes +=
      REGISTER_OVERHEAD_BYTES + (typeof register.value === 'string' ? register.value.length * 2 : 0)
  return bytes
}

/** A state vector that names no Yjs client: the diff against it is the whole text. */
const isEmptyStateVector = (sv: Uint8Array): boolean => sv.length === 1 && sv[0] === 0

export class CatchUpCache implements CatchUpSource {
  private readonly entries = new Map<
    BlockId,
    { block: CatchUpBlock; bytes: number; encoded?: Uint8Array }
  >()
  private heldBytes = 0
  private readonly unsubscribe: () => void

  constructor(
    private readonly replica: DocumentReplica,
    readonly maxBytes: number = DEFAULT_CATCH_UP_CACHE_BYTES,
  ) {
    this.unsubscribe = replica.onChange((change) => {
      for (const id of change.blocks) {
        this.drop(id)
        if (id !== ROOT_ID && id !== TRASH_ID && this.entries.size > 0 && !replica.isLive(id))
          this.dropSubtree(id)
      }
    })
  }

  /** Blocks with an entry. */
  get size(): number {
    return this.entries.size
  }

  /** Whether the block has an entry. */
  has(id: BlockId): boolean {
    return this.entries.has(id)
  }

  /** Estimated bytes the entries hold. */
  get bytes(): number {
    return this.heldBytes
  }

  /** The block's catch-up content now: shared when whole, computed afresh for a diff. */
  block(id: BlockId, stateVector?: Uint8Array): CatchUpBlock | undefined {
    if (stateVector !== undefined && !isEmptyStateVector(stateVector))
      return catchUpBlock(this.replica, id, stateVector)
    const cached = this.entries.get(id)
    if (cached !== undefined) return cached.block
    const block = catchUpBlock(this.replica, id)
    if (block !== undefined && this.replica.isLive(id)) this.keep(id, block)
    return block
  }

  /** The block's catch-up content encoded: shared (and encoded once) when whole. */
  encoded(id: BlockId, stateVector?: Uint8Array): Uint8Array | undefined {
    const block = this.block(id, stateVector)
    if (block === undefined) return undefined
    const entry = this.entries.get(id)
    if (entry === undefined || entry.block !== block) return encodeCatchUpBlock(block)
    if (entry.encoded === undefined) {
      const encoded = encodeCatchUpBlock(block)
      entry.encoded = encoded
      this.heldBytes += encoded.length
      entry.bytes += encoded.length
    }
    return entry.encoded
  }

  /** Stops following the replica's changes and forgets every entry. */
  dispose(): void {
    this.unsubscribe()
    this.entries.clear()
    this.heldBytes = 0
  }

  private keep(id: BlockId, block: CatchUpBlock): void {
    const bytes = estimatedBytes(block)
    if (bytes > this.maxBytes) return
    this.entries.set(id, { block, bytes })
    this.heldBytes += bytes
    // a Map iterates in insertion order: the first entries are the oldest filled
    for (const oldest of this.entries.keys()) {
      if (this.heldBytes <= this.maxBytes) break
      this.drop(oldest)
    }
  }

  /** A deleted block takes its descendants out of the document without changing them. */
  private dropSubtree(top: BlockId): void {
    const stack = [...this.replica.children(top)]
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      this.drop(id)
      stack.push(...this.replica.children(id))
    }
  }

  private drop(id: BlockId): void {
    const entry = this.entries.get(id)
    if (entry === undefined) return
    this.entries.delete(id)
    this.heldBytes -= entry.bytes
  }
}
