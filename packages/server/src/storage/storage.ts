/**
 * Where a document's durable state lives: the op log (the source of truth), snapshots (derived
 * data for fast recovery) and the document records. Two implementations share this interface
 * and one SQL schema: PGlite (embedded, the default) and PostgreSQL (`DATABASE_URL`).
 *
 * Invariants: a document's sequence is gapless (1, 2, 3, … with no holes) and each op id is
 * stored at most once per document. `appendOps` keeps both or changes nothing.
 */

export const DOCUMENT_KINDS = ['doc', 'slides'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

/** JSON metadata kept with a document (front matter, title, …); never part of the CRDT. */
export type DocumentMetadata = Readonly<Record<string, unknown>>

export interface DocumentRecord {
  readonly id: string
  readonly kind: DocumentKind
  readonly metadata: DocumentMetadata
  /** The last sequence number stored; 0 for a document with no ops. */
  readonly seq: number
  readonly createdAt: Date
  readonly updatedAt: Date
}

export interface NewDocument {
  readonly id: string
  readonly kind: DocumentKind
  readonly metadata?: DocumentMetadata
}

export interface StoredOp {
  /** Place in the document's gapless sequence. */
  readonly seq: number
  /** The op's id (its HLC string); unique per document. */
  readonly opId: string
  /** The op kind (`insert_block`, `edit_text`, …), for history listings. */
  readonly kind: string
  readonly userId: string
  /** The envelope as `encodeEnvelope` wrote it. */
  readonly envelope: Uint8Array
}

export interface HistoryEntry {
  readonly seq: number
  readonly opId: string
  readonly kind: string
  readonly userId: string
  readonly createdAt: Date
}

export interface StoredSnapshot {
  /** The sequence the snapshot includes everything up to. */
  readonly seq: number
  readonly data: Uint8Array
  readonly createdAt: Date
}

/**
 * Thrown by `appendOps` when the batch would leave a gap, reuse a seq or repeat an op id, and by
 * `saveSnapshot` for a snapshot ahead of the stored sequence. Nothing was changed.
 */
export class StorageConflictError extends Error {
  readonly code = 'storage_conflict'
  override readonly name = 'StorageConflictError'
}

/** Thrown by the writes that need an existing document (`appendOps`, `setMetadata`, `saveSnapshot`). */
export class StorageNotFoundError extends Error {
  readonly code = 'document_not_found'
  override readonly name = 'StorageNotFoundError'
}

export interface Storage {
  /**
   * Creates the schema if it is not there, or brings it to this version (idempotent, safe to
   * race). The `open…Storage` functions call it before they return.
   */
  migrate(): Promise<void>
  /** Creates a document; `undefined` when one with this id exists already. */
  createDocument(input: NewDocument): Promise<DocumentRecord | undefined>
  getDocument(id: string): Promise<DocumentRecord | undefined>
  /** Replaces a document's metadata (stored as jsonb: key order is not kept). */
  setMetadata(id: string, metadata: DocumentMetadata): Promise<void>
  /**
   * Appends a batch in one transaction: its seqs must continue the document's sequence without
   * a gap (first = stored seq + 1, then +1 each) and its op ids must be new to the document.
   * All or nothing: StorageConflictError otherwise, StorageNotFoundError for an unknown
   * document. Concurrent calls for one document serialize on the document row, so of two
   * batches that both start at seq + 1 exactly one is stored. An empty batch does nothing.
   */
  appendOps(docId: string, ops: readonly StoredOp[]): Promise<void>
  /** Ops with seq > afterSeq, in sequence order, at most `limit`. */
  readOps(docId: string, afterSeq: number, limit: number): Promise<StoredOp[]>
  /** The seqs of those of `opIds` that are stored (to acknowledge re-sent duplicates). */
  findOps(docId: string, opIds: readonly string[]): Promise<Map<string, number>>
  /** Newest first, seq < beforeSeq (all when omitted), at most `limit`. */
  history(docId: string, options: { beforeSeq?: number; limit: number }): Promise<HistoryEntry[]>
  /**
   * Stores a snapshot, replacing one at the same seq. Its seq may not exceed the document's
   * stored seq (StorageConflictError): a snapshot holding ops that are not durable would
   * resurrect them after a crash.
   */
  saveSnapshot(docId: string, snapshot: { seq: number; data: Uint8Array }): Promise<void>
  /** The snapshot with the highest seq, if any. */
  latestSnapshot(docId: string): Promise<StoredSnapshot | undefined>
  close(): Promise<void>
}
