/**
 * The PGlite worker thread: runs PGlite off the server's event loop and answers the storage's
 * messages (pglite-messages.ts). Started by pglite-thread.ts, never imported.
 *
 * Each message calls PGlite as the storage would in process, in the order they arrive, so
 * PGlite's own lock orders them exactly as it would: one statement at a time, and an open
 * transaction holds the lock until its `end`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite, type Transaction } from '@electric-sql/pglite'
import { BYTEA_TYPE_OPTIONS } from './pglite-bytea.js'
import {
  type PgliteWorkerOptions,
  rowBuffers,
  type StorageToWorker,
  serializeError,
  type WorkerToStorage,
} from './pglite-messages.js'

interface OpenTransaction {
  /** PGlite's transaction, once it holds the lock and has run BEGIN. */
  readonly started: Promise<Transaction>
  /** Lets the transaction finish: commit (true) or roll back (false). */
  readonly finish: (commit: boolean) => void
  /** Settles when PGlite has committed or rolled back. */
  readonly done: Promise<void>
}

const port = parentPort
if (!port) throw new Error('pglite-worker.ts runs as a worker thread (see pglite-thread.ts)')
const { dataDir } = workerData as PgliteWorkerOptions

const send = (message: WorkerToStorage, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer)

const transactions = new Map<number, OpenTransaction>()

const begin = (db: PGlite, id: number): void => {
  let finish!: (commit: boolean) => void
  const decided = new Promise<boolean>((resolve) => {
    finish = resolve
  })
  let start!: (tx: Transaction) => void
  let fail!: (error: unknown) => void
  // A BEGIN that fails never starts: its queries then fail with that error, as does its end.
  const started = new Promise<Transaction>((resolve, reject) => {
    start = resolve
    fail = reject
  })
  started.catch(() => {})
  const done = db.transaction(async (tx) => {
    start(tx)
    if (!(await decided)) await tx.rollback()
  })
  done.catch(fail)
  transactions.set(id, { started, finish, done })
}

const transaction = (id: number): OpenTransaction => {
  const open = transactions.get(id)
  if (!open) throw new Error(`transaction ${id} is not open`)
  return open
}

const runQuery = async (db: PGlite, message: StorageToWorker & { type: 'query' }) => {
  const on = message.tx === undefined ? db : await transaction(message.tx).started
  const { rows } = await on.query(message.sql, [...message.params])
  send({ type: 'rows', id: message.id, rows }, rowBuffers(rows))
}

const end = async (message: StorageToWorker & { type: 'end' }) => {
  const open = transaction(message.tx)
  transactions.delete(message.tx)
  open.finish(message.commit)
  await open.done
  send({ type: 'done', id: message.id })
}

const close = async (db: PGlite, id: number) => {
  await db.close()
  send({ type: 'done', id })
  port.close()
}

/**
 * Runs one message; the promise's rejection is the caller's error. A message of no known type
 * throws at once, uncaught: the two sides are out of step, and the storage learns it from the
 * thread's death.
 */
const handle = (db: PGlite, message: StorageToWorker): Promise<void> => {
  switch (message.type) {
    case 'query':
      return runQuery(db, message)
    case 'begin':
      begin(db, message.tx)
      return Promise.resolve()
    case 'end':
      return end(message)
    case 'close':
      return close(db, message.id)
    default:
      throw new Error(`unknown message ${JSON.stringify(message satisfies never)}`)
  }
}

const start = async (): Promise<void> => {
  let db: PGlite
  try {
    db = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      ...BYTEA_TYPE_OPTIONS,
    })
  } catch (error) {
    send({ type: 'open-failed', error: serializeError(error) })
    return
  }
  port.on('message', (message: StorageToWorker) => {
    handle(db, message).catch((error: unknown) => {
      if (!('id' in message)) return // a failed BEGIN: reported to its queries and its end
      send({ type: 'failed', id: message.id, error: serializeError(error) })
    })
  })
  send({ type: 'opened' })
}

await start()
