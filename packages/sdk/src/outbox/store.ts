/**
 * Where unacknowledged ops are kept between a change and its `ack` (ACK-2): an adapter of a
 * few methods (automerge-repo's storage-adapter habit), with a memory store and an IndexedDB
 * store side by side. With IndexedDB, ops survive a reload and are re-sent with their
 * original ids and HLCs by the next page, which is what makes a crash or a closed tab lose
 * nothing that was typed.
 *
 * Ops are stored per document, in the storage form of the protocol (`encodeEnvelope`: a
 * versioned binary record), and come back ordered by op id (HLC order).
 */
export interface OutboxRecord {
  readonly opId: string
  /** `encodeEnvelope(envelope)`. */
  readonly bytes: Uint8Array
}

export interface OutboxStore {
  /** Every kept op of the document, by op id. */
  load(docId: string): Promise<OutboxRecord[]>
  put(docId: string, records: readonly OutboxRecord[]): Promise<void>
  delete(docId: string, opIds: readonly string[]): Promise<void>
  close?(): void
}
