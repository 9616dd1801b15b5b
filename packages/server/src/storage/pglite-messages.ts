/**
 * What crosses the thread boundary between the storage (pglite-thread.ts) and the PGlite worker
 * (pglite-worker.ts): the messages, errors as plain data, and the buffers a message transfers.
 *
 * A transaction is a sequence of messages under one id: `begin`, queries naming it, then `end`
 * with commit or rollback. The worker holds PGlite's transaction open in between, so the lock
 * PGlite takes for a transaction is held exactly as long as it would be in process.
 */
import type { SqlValue } from './sql-client.js'

/** Given to the worker at start (workerData). */
export interface PgliteWorkerOptions {
  /** The database folder (already created and locked by the storage); in memory when undefined. */
  readonly dataDir: string | undefined
}

export type StorageToWorker =
  | {
      readonly type: 'query'
      readonly id: number
      readonly sql: string
      readonly params: readonly SqlValue[]
      /** The transaction it runs in; outside any when undefined. */
      readonly tx: number | undefined
    }
  /** Starts a transaction; answered by the reply to its `end`. */
  | { readonly type: 'begin'; readonly tx: number }
  | { readonly type: 'end'; readonly id: number; readonly tx: number; readonly commit: boolean }
  | { readonly type: 'close'; readonly id: number }

export type WorkerToStorage =
  | { readonly type: 'opened' }
  | { readonly type: 'open-failed'; readonly error: SerializedError }
  | { readonly type: 'rows'; readonly id: number; readonly rows: unknown[] }
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'failed'; readonly id: number; readonly error: SerializedError }

/**
 * An error as data. Structured clone keeps an Error's name and message but drops the fields
 * PostgreSQL's errors carry (`code` above all: `sqlState` turns it into the storage's errors).
 */
export type SerializedError = Readonly<Record<string, string | undefined>> & {
  readonly message: string
}

/** The string fields of PostgreSQL's ErrorResponse that PGlite's DatabaseError keeps, and `query`. */
const ERROR_FIELDS = [
  'name',
  'code',
  'severity',
  'detail',
  'hint',
  'position',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'routine',
  'query',
  'stack',
] as const

export const serializeError = (error: unknown): SerializedError => {
  if (!(error instanceof Error)) return { message: String(error) }
  const serialized: Record<string, string> = { message: error.message }
  for (const field of ERROR_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field]
    if (typeof value === 'string') serialized[field] = value
  }
  return serialized as SerializedError
}

/**
 * The error again, with every field it had as an own property. The stack is the worker's: it
 * shows where PostgreSQL's error was raised, which is what debugging needs.
 */
export const deserializeError = (serialized: SerializedError): Error =>
  Object.assign(new Error(serialized.message), serialized)

/** Whether a Uint8Array's buffer holds exactly its bytes, so that sending it sends no more. */
export const ownsItsBuffer = (bytes: Uint8Array): boolean =>
  bytes.byteOffset === 0 &&
  bytes.byteLength === bytes.buffer.byteLength &&
  bytes.buffer instanceof ArrayBuffer

/**
 * The buffers of the bytea values in result rows, to transfer instead of copy: PGlite's bytea
 * parser gives each value a buffer of its own, which nothing in the worker keeps.
 */
export const rowBuffers = (rows: readonly unknown[]): ArrayBuffer[] => {
  // A Set: a buffer listed twice makes postMessage throw.
  const buffers = new Set<ArrayBuffer>()
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue
    for (const value of Object.values(row)) {
      if (value instanceof Uint8Array && ownsItsBuffer(value)) {
        buffers.add(value.buffer as ArrayBuffer)
      }
    }
  }
  return [...buffers]
}
