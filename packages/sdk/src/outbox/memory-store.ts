/**
 * The outbox kept in memory: survives reconnects, not a reload. Share one instance between
 * clients (tests: a "reload" is a new client on the same store) to keep ops across them.
 */
import type { OutboxRecord, OutboxStore } from './store.js'

export const createMemoryOutboxStore = (): OutboxStore => {
  const docs = new Map<string, Map<string, Uint8Array>>()
  const doc = (docId: string): Map<string, Uint8Array> => {
    let records = docs.get(docId)
    if (records === undefined) {
      records = new Map()
      docs.set(docId, records)
    }
    return records
  }
  return {
    async load(docId) {
      return [...doc(docId)]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([opId, bytes]): OutboxRecord => ({ opId, bytes }))
    },
    async put(docId, records) {
      const d = doc(docId)
      for (const record of records) d.set(record.opId, record.bytes)
    },
    async delete(docId, opIds) {
      const d = doc(docId)
      for (const id of opIds) d.delete(id)
    },
  }
}
