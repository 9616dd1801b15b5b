/**
 * The outbox in IndexedDB (indexeddb-impl.ts), whose code loads on first use: the SDK's main
 * entry has a size budget, and the store's methods are asynchronous anyway. Calls keep their
 * order: each waits on the same loading promise, so they reach the store as they were made.
 */
import type { OutboxStore } from './store.js'

export interface IndexedDbOutboxOptions {
  /** The database name. Default `markdownsync-outbox`. */
  readonly name?: string
  /** An IndexedDB factory; `globalThis.indexedDB` by default (tests pass fake-indexeddb's). */
  readonly indexedDB?: IDBFactory
  /** The matching `IDBKeyRange`; `globalThis.IDBKeyRange` by default. */
  readonly IDBKeyRange?: typeof IDBKeyRange
}

export const createIndexedDbOutboxStore = (options: IndexedDbOutboxOptions = {}): OutboxStore => {
  let store: Promise<OutboxStore> | undefined
  const impl = (): Promise<OutboxStore> =>
    (store ??= import('./indexeddb-impl.js').then((m) => m.indexedDbOutboxStore(options)))
  return {
    load: (docId) => impl().then((s) => s.load(docId)),
    put: (docId, records) => impl().then((s) => s.put(docId, records)),
    delete: (docId, opIds) => impl().then((s) => s.delete(docId, opIds)),
    close() {
      void store?.then((s) => s.close?.())
      store = undefined
    },
  }
}
