/**
 * The few SQL operations the storage needs, as an interface both drivers implement
 * (pglite.ts, postgres.ts), so that sql-storage.ts holds every statement once.
 */

/** A query parameter: `Uint8Array` is bytea, `readonly string[]` is text[]. */
export type SqlValue = string | number | boolean | null | Uint8Array | readonly string[]

export interface SqlQueryable {
  /**
   * Runs one statement with positional parameters ($1, $2, …). `Row` is what the statement
   * selects, as the driver decodes it: the caller states it and converts what drivers differ
   * on (bigint as string or number, bytea as Buffer or Uint8Array).
   */
  query<Row>(sql: string, params?: readonly SqlValue[]): Promise<{ rows: Row[] }>
}

export interface SqlClient extends SqlQueryable {
  /**
   * Runs `fn` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it
   * throws (and the error is rethrown). `fn` must query through `tx` only.
   */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** The SQLSTATE codes the storage turns into its own errors. */
export const SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
} as const

/** The SQLSTATE of a database error: both drivers' errors carry it as `code`. */
export const sqlState = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' ? error.code : undefined
}
