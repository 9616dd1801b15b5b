/**
 * Storage on a PostgreSQL server (`DATABASE_URL=postgres://…`), through a `pg` connection pool.
 * The statements are those PGlite runs (sql-storage.ts); this module only adapts the driver.
 */
import pg from 'pg'
import type { SqlClient, SqlQueryable } from './sql-client.js'
import { createSqlStorage } from './sql-storage.js'
import type { Storage } from './storage.js'

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database`, any option `pg` reads included. */
  readonly connectionString: string
  /** Most connections the pool opens; `pg`'s default (10) when omitted. */
  readonly max?: number | undefined
}

const queryable = (db: pg.Pool | pg.PoolClient): SqlQueryable => ({
  async query<Row>(sql: string, params: readonly unknown[] = []) {
    const result = await db.query(sql, [...params])
    return { rows: result.rows as Row[] }
  },
})

const poolClient = (pool: pg.Pool): SqlClient => ({
  ...queryable(pool),
  async transaction(fn) {
    const connection = await pool.connect()
    // A connection whose ROLLBACK failed is in an unknown state: release(error) discards it.
    let broken: Error | undefined
    try {
      await connection.query('BEGIN')
      const result = await fn(queryable(connection))
      await connection.query('COMMIT')
      return result
    } catch (error) {
      await connection.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError
      })
      throw error
    } finally {
      connection.release(broken)
    }
  },
  close: () => pool.end(),
})

/** Connects, checks the server answers, and brings the schema up to date. */
export const openPostgresStorage = async (options: PostgresStorageOptions): Promise<Storage> => {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    ...(options.max === undefined ? {} : { max: options.max }),
  })
  // An idle connection the server drops is reported here; without a listener the 'error' event
  // would end the process. The pool has already discarded it and opens another when needed.
  pool.on('error', () => {})
  const storage = createSqlStorage(poolClient(pool))
  try {
    await storage.migrate()
  } catch (error) {
    await pool.end()
    throw error
  }
  return storage
}
