/**
 * The storage layer: the Storage contract, its two implementations, and `openStorage`, which
 * picks one the way the server's configuration does (DESIGN.md, "Storage").
 */
import { openPgliteStorage } from './pglite.js'
import { openPostgresStorage } from './postgres.js'
import type { Storage } from './storage.js'

export { openPgliteStorage, type PgliteStorageOptions } from './pglite.js'
export { openPostgresStorage, type PostgresStorageOptions } from './postgres.js'
export * from './storage.js'

export interface StorageOptions {
  /** `postgres://…` or `postgresql://…` selects PostgreSQL; unset or empty, PGlite. */
  readonly databaseUrl?: string | undefined
  /** PGlite's database folder; in memory when undefined. Ignored with a databaseUrl. */
  readonly dataDir?: string | undefined
}

export type StorageBackend = 'postgres' | 'pglite'

/**
 * Which implementation the options select. Any other URL scheme is an error rather than a
 * silent fall back to PGlite, which would keep the data somewhere nobody looks.
 */
export const storageBackend = (options: StorageOptions): StorageBackend => {
  const url = options.databaseUrl
  if (url === undefined || url === '') return 'pglite'
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres'
  throw new Error(
    `databaseUrl must start with postgres:// or postgresql://, got ${url.split(':')[0]}:…`,
  )
}

export const openStorage = (options: StorageOptions = {}): Promise<Storage> =>
  storageBackend(options) === 'postgres'
    ? openPostgresStorage({ connectionString: options.databaseUrl! })
    : openPgliteStorage({ dataDir: options.dataDir })
