/**
 * Storage on PGlite: PostgreSQL compiled to WASM, on local disk (or in memory for tests), by
 * default on a worker thread of this process (pglite-thread.ts), so that PostgreSQL's work does
 * not run on the server's event loop. The default, so the server runs with no database to set up.
 *
 * PGlite is one single-user backend: it runs one statement at a time, and `query`, `exec` and
 * `transaction` all wait on one lock that a transaction holds until it commits, so concurrent
 * callers take turns and never see into each other's transaction (checked in PGlite 0.5's
 * source; the storage suite's concurrency tests hold it to that, on the thread and off it).
 *
 * Durability: PGlite runs PostgreSQL with fsync off and its Node file system never calls fsync,
 * so a commit is in the OS page cache, not on the platter: it survives the process dying, not
 * the machine losing power. PostgreSQL (`DATABASE_URL`) is the choice when that matters.
 */
import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { type DataDirLock, lockDataDir } from './data-dir-lock.js'
import { BYTEA_TYPE_OPTIONS } from './pglite-bytea.js'
import { startPgliteThread } from './pglite-thread.js'
import type { SqlClient, SqlQueryable } from './sql-client.js'
import { createSqlStorage } from './sql-storage.js'
import type { Storage } from './storage.js'

export interface PgliteStorageOptions {
  /**
   * The database folder, created when missing, and locked while open (data-dir-lock.ts): a
   * second open, from this process or another, is refused. In memory when undefined (tests).
   */
  readonly dataDir?: string | undefined
  /**
   * Runs PGlite on a worker thread (the default), or on this thread when false: one thread
   * fewer and no message per statement, for tools that have no event loop to keep free.
   */
  readonly thread?: boolean | undefined
}

const queryable = (db: Pick<PGlite, 'query'>): SqlQueryable => ({
  async query<Row>(sql: string, params: readonly unknown[] = []) {
    const { rows } = await db.query<Row>(sql, [...params])
    return { rows }
  },
})

const openInProcess = async (dataDir: string | undefined): Promise<SqlClient> => {
  const db = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...BYTEA_TYPE_OPTIONS,
  })
  return {
    ...queryable(db),
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    close: () => db.close(),
  }
}

/** The client, whose close releases the folder's lock once PGlite has let go of the folder. */
const releasingLock = (client: SqlClient, lock: DataDirLock | undefined): SqlClient => ({
  query: client.query,
  transaction: client.transaction,
  async close() {
    try {
      await client.close()
    } finally {
      await lock?.release()
    }
  },
})

/** Opens (creating when new) the database and brings its schema up to date. */
export const openPgliteStorage = async (options: PgliteStorageOptions = {}): Promise<Storage> => {
  const { dataDir, thread = true } = options
  let lock: DataDirLock | undefined
  if (dataDir !== undefined) {
    // PGlite creates the last folder of the path but not its parents.
    await mkdir(dataDir, { recursive: true })
    lock = await lockDataDir(dataDir)
  }
  let client: SqlClient | undefined
  try {
    client = thread ? await startPgliteThread({ dataDir }) : await openInProcess(dataDir)
    const storage = createSqlStorage(releasingLock(client, lock))
    await storage.migrate()
    return storage
  } catch (error) {
    await client?.close().catch(() => {})
    await lock?.release()
    throw error
  }
}
