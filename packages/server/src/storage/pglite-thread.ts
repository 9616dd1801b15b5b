/**
 * PGlite on a worker thread, as a SqlClient: the event loop only posts statements and takes rows
 * back, while PostgreSQL's work (20–32% of the server's thread under the load benchmark) runs on
 * the worker (pglite-worker.ts).
 *
 * Invariants: every call settles. A reply settles its call; a thread that dies (an uncaught
 * error, terminated, out of memory) rejects every pending call and every later one with an
 * error that says so. The thread keeps the process alive only while a call waits on it, as
 * PGlite in process does not keep it alive at all.
 */
import { Worker } from 'node:worker_threads'
import {
  deserializeError,
  ownsItsBuffer,
  type PgliteWorkerOptions,
  type StorageToWorker,
  type WorkerToStorage,
} from './pglite-messages.js'
import type { SqlClient, SqlQueryable, SqlValue } from './sql-client.js'

/** The client, and its thread for tests that need to kill it. */
export interface PgliteThread extends SqlClient {
  readonly worker: Worker
}

interface PendingCall {
  resolve(value: unknown): void
  reject(error: Error): void
}

/** A call's message, before it is given its id. */
type Call<M = StorageToWorker> = M extends { id: number } ? Omit<M, 'id'> : never

/**
 * From the build, the compiled worker beside this module. From src (Vitest, tsx), the worker is
 * TypeScript, which Node 20 cannot load, and a worker inherits neither tsx's hooks nor takes them
 * from `execArgv: ['--import', 'tsx']` (tried): it registers them itself, then loads the script.
 */
const startWorker = (options: PgliteWorkerOptions): Worker => {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: options })
  }
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const script = JSON.stringify(new URL('./pglite-worker.ts', import.meta.url).href)
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${script}) })`, {
    eval: true,
    workerData: options,
  })
}

/**
 * A bytea parameter that is a view into a larger buffer (a slice of a received frame) is
 * copied: structured clone would send the whole buffer.
 */
const sendable = (params: readonly SqlValue[]): readonly SqlValue[] =>
  params.some((value) => value instanceof Uint8Array && !ownsItsBuffer(value))
    ? params.map((value) =>
        value instanceof Uint8Array && !ownsItsBuffer(value) ? value.slice() : value,
      )
    : params

/** Starts the thread and opens PGlite on it (the folder must already be locked). */
export const startPgliteThread = async (options: PgliteWorkerOptions): Promise<PgliteThread> => {
  const worker = startWorker(options)
  const pending = new Map<number, PendingCall>()
  let nextId = 1
  let nextTransaction = 1
  /** Why calls fail from now on: the thread died, or the client was closed. */
  let unusable: Error | undefined
  let closing: Promise<void> | undefined

  const settle = (id: number, settleCall: (call: PendingCall) => void): void => {
    const call = pending.get(id)
    if (!call) return
    pending.delete(id)
    if (pending.size === 0) worker.unref()
    settleCall(call)
  }

  const wait = (id: number): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (pending.size === 0) worker.ref()
      pending.set(id, { resolve, reject })
    })

  const die = (error: Error): void => {
    unusable ??= error
    for (const id of [...pending.keys()]) settle(id, (call) => call.reject(error))
  }

  worker.on('message', (message: WorkerToStorage) => {
    switch (message.type) {
      case 'opened':
        return settle(0, (call) => call.resolve(undefined))
      case 'open-failed':
        return settle(0, (call) => call.reject(deserializeError(message.error)))
      case 'rows':
        return settle(message.id, (call) => call.resolve(message.rows))
      case 'done':
        return settle(message.id, (call) => call.resolve(undefined))
      case 'failed':
        return settle(message.id, (call) => call.reject(deserializeError(message.error)))
      default:
        // Out of step with the worker: nothing it says can be trusted, and throwing here
        // would end the server instead of the thread.
        die(
          new Error(
            `unknown message from the PGlite worker thread: ${JSON.stringify(message satisfies never)}`,
          ),
        )
        void worker.terminate()
    }
  })
  worker.on('error', (error) =>
    die(new Error(`the PGlite worker thread failed: ${error.message}`, { cause: error })),
  )
  worker.on('messageerror', (error) =>
    die(new Error(`a message from the PGlite worker thread could not be read: ${error.message}`)),
  )
  worker.on('exit', (code) => die(new Error(`the PGlite worker thread exited (code ${code})`)))

  const post = (message: StorageToWorker): void => {
    if (unusable) throw unusable
    worker.postMessage(message)
  }

  const call = (message: Call): Promise<unknown> => {
    if (unusable) return Promise.reject(unusable)
    const id = nextId++
    const reply = wait(id)
    try {
      worker.postMessage({ ...message, id })
    } catch (error) {
      // A parameter structured clone cannot copy: this call fails, the thread is fine.
      settle(id, (pending) => pending.reject(error as Error))
    }
    return reply
  }

  const queryable = (tx: number | undefined): SqlQueryable => ({
    async query<Row>(sql: string, params: readonly SqlValue[] = []) {
      const rows = await call({ type: 'query', sql, params: sendable(params), tx })
      return { rows: rows as Row[] }
    },
  })

  const transaction = async <T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> => {
    const tx = nextTransaction++
    post({ type: 'begin', tx })
    let result: T
    try {
      result = await fn(queryable(tx))
    } catch (error) {
      // fn's error is the one to report, whether or not the rollback reached the thread.
      await call({ type: 'end', tx, commit: false }).catch(() => {})
      throw error
    }
    await call({ type: 'end', tx, commit: true })
    return result
  }

  const close = (): Promise<void> => {
    closing ??= (async () => {
      try {
        if (!unusable) {
          const closed = call({ type: 'close' })
          unusable = new Error('the PGlite storage is closed')
          await closed
        }
      } finally {
        await worker.terminate()
      }
    })()
    return closing
  }

  try {
    await wait(0)
  } catch (error) {
    await worker.terminate()
    throw error
  }
  return { ...queryable(undefined), transaction, close, worker }
}
