/**
 * Brings a database to SCHEMA_VERSION by applying the missing migrations of schema.ts, in one
 * transaction under an advisory lock, so that two servers starting at once take turns and a
 * failed migration leaves the database as it was.
 */
import { CREATE_SCHEMA_VERSION, MIGRATION_LOCK_KEY, MIGRATIONS, SCHEMA_VERSION } from './schema.js'
import type { SqlClient } from './sql-client.js'

export const migrateSchema = (client: SqlClient): Promise<void> =>
  client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY])
    await tx.query(CREATE_SCHEMA_VERSION)
    const { rows } = await tx.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_version',
    )
    const current = rows[0]?.version ?? 0
    if (current > SCHEMA_VERSION) {
      // An older server must not write into a schema it does not know.
      throw new Error(
        `the database schema is at version ${current}, newer than this server's ${SCHEMA_VERSION}: upgrade the server`,
      )
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue
      for (const statement of migration.statements) await tx.query(statement)
      await tx.query('INSERT INTO schema_version (version) VALUES ($1)', [migration.version])
    }
  })
