/**
 * The outbox in IndexedDB: one object store keyed by [docId, opId], so a document's ops come
 * back in op id order with one key-range read. Writes are fire-and-forget from the room's
 * point of view but ordered: IndexedDB runs read-write transactions on one store in the order
 * they were created, so a delete issued after a put never overtakes it.
 */
import type { IndexedDbOutboxOptions } from './indexeddb-store.js'
import type { OutboxRecord, OutboxStore } from './store.js'

const STORE = 'ops'

const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })

const done = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'))
  })

export const indexedDbOutboxStore = (options: IndexedDbOutboxOptions): OutboxStore => {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB
  const keyRange =
    options.IDBKeyRange ?? (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange
  let opened: Promise<IDBDatabase> | undefined
  const open = (): Promise<IDBDatabase> => {
    if (factory === undefined)
      return Promise.reject(new Error('IndexedDB is not available here; use the memory outbox'))
    opened ??= new Promise((resolve, reject) => {
      const req = factory.open(options.name ?? 'markdownsync-outbox', 1)
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE))
          req.result.createObjectStore(STORE, { keyPath: ['docId', 'opId'] })
      }
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
      req.onblocked = () => reject(new Error('the outbox database is blocked by another tab'))
    })
    return opened
  }
  const write = async (fn: (store: IDBObjectStore) => void): Promise<void> => {
    const db = await open()
    const tx = db.transaction(STORE, 'readwrite')
    fn(tx.objectStore(STORE))
    await done(tx)
  }
  return {
    async load(docId) {
      const db = await open()
      const tx = db.transaction(STORE, 'readonly')
      if (keyRange === undefined) throw new Error('IDBKeyRange is not available here')
      const range = keyRange.bound([docId, ''], [docId, '\uffff'])
      const rows = (await request(tx.objectStore(STORE).getAll(range))) as Array<{
        opId: string
        bytes: Uint8Array
      }>
      return rows.map((row): OutboxRecord => ({ opId: row.opId, bytes: new Uint8Array(row.bytes) }))
    },
    put(docId, records) {
      return write((store) => {
        for (const record of records) store.put({ docId, opId: record.opId, bytes: record.bytes })
      })
    },
    delete(docId, opIds) {
      return write((store) => {
        for (const opId of opIds) store.delete([docId, opId])
      })
    },
    close() {
      void opened?.then((db) => db.close()).catch(() => undefined)
      opened = undefined
    },
  }
}
