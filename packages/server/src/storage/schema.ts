/**
 * The storage schema: the one SQL text that PGlite and PostgreSQL both run.
 *
 * Migrations are numbered; `schema_version` records those applied, and `migrate` applies the
 * missing ones in order inside one transaction. Every statement is also `IF NOT EXISTS`, so a
 * database whose tables were made by hand (or by a crashed first start) migrates cleanly. A
 * change to the schema is a new migration appended here, never an edit of an applied one.
 *
 * Invariants the schema keeps: `documents.seq` is the highest `document_operations.seq` of the
 * document (0 with none); `(doc_id, seq)` and `(doc_id, op_id)` are unique.
 */

export interface Migration {
  readonly version: number
  readonly statements: readonly string[]
}

/** Tracks the migrations applied; created before any migration runs. */
export const CREATE_SCHEMA_VERSION = `CREATE TABLE IF NOT EXISTS schema_version (
  version integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`

// The kinds listed in the check are DOCUMENT_KINDS (storage.ts); adding one needs a migration.
const CREATE_DOCUMENTS = `CREATE TABLE IF NOT EXISTS documents (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('doc', 'slides')),
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  seq bigint NOT NULL DEFAULT 0 CHECK (seq >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`

// The primary key serves readOps and history (range scans on seq); the unique op id serves
// findOps and makes a re-sent op impossible to store twice.
const CREATE_DOCUMENT_OPERATIONS = `CREATE TABLE IF NOT EXISTS document_operations (
  doc_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq bigint NOT NULL CHECK (seq > 0),
  op_id text NOT NULL,
  kind text NOT NULL,
  user_id text NOT NULL,
  envelope bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (doc_id, seq),
  UNIQUE (doc_id, op_id)
)`

const CREATE_DOCUMENT_SNAPSHOTS = `CREATE TABLE IF NOT EXISTS document_snapshots (
  doc_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq bigint NOT NULL CHECK (seq >= 0),
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (doc_id, seq)
)`

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [CREATE_DOCUMENTS, CREATE_DOCUMENT_OPERATIONS, CREATE_DOCUMENT_SNAPSHOTS],
  },
]

/** The version this code reads and writes: the last migration's. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version

/**
 * The key of the transaction-scoped advisory lock that serializes `migrate` across processes
 * (two servers starting at once would otherwise race on CREATE TABLE). Any fixed number will
 * do; this one is "mdsync" in ASCII.
 */
export const MIGRATION_LOCK_KEY = 0x6d6473796e63
