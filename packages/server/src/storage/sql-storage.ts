/**
 * The Storage contract in SQL, written once against SqlClient, so that PGlite and PostgreSQL
 * run the very same statements. The op log's write is append-ops.ts; this module holds the
 * rest: document records, reads of the log and snapshots.
 */
import { appendOps } from './append-ops.js'
import { migrateSchema } from './migrate.js'
import type { SqlClient } from './sql-client.js'
import { type SqlBigint, toBytes, toSeq } from './sql-values.js'
import {
  type DocumentKind,
  type DocumentMetadata,
  type DocumentRecord,
  type Storage,
  StorageConflictError,
  StorageNotFoundError,
} from './storage.js'

interface DocumentRow {
  id: string
  kind: DocumentKind
  metadata: DocumentMetadata
  seq: SqlBigint
  created_at: Date
  updated_at: Date
}

interface OpRow {
  seq: SqlBigint
  op_id: string
  kind: string
  user_id: string
  envelope: Uint8Array
}

interface HistoryRow {
  seq: SqlBigint
  op_id: string
  kind: string
  user_id: string
  created_at: Date
}

interface SnapshotRow {
  seq: SqlBigint
  data: Uint8Array
  created_at: Date
}

const DOCUMENT_COLUMNS = 'id, kind, metadata, seq, created_at, updated_at'

const toDocument = (row: DocumentRow): DocumentRecord => ({
  id: row.id,
  kind: row.kind,
  metadata: row.metadata,
  seq: toSeq(row.seq),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

export const createSqlStorage = (client: SqlClient): Storage => {
  const getDocument = async (id: string): Promise<DocumentRecord | undefined> => {
    const { rows } = await client.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1`,
      [id],
    )
    return rows[0] && toDocument(rows[0])
  }

  const createDocument: Storage['createDocument'] = async (input) => {
    const { rows } = await client.query<DocumentRow>(
      `INSERT INTO documents (id, kind, metadata) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (id) DO NOTHING RETURNING ${DOCUMENT_COLUMNS}`,
      [input.id, input.kind, JSON.stringify(input.metadata ?? {})],
    )
    return rows[0] && toDocument(rows[0])
  }

  const setMetadata: Storage['setMetadata'] = async (id, metadata) => {
    const { rows } = await client.query<{ id: string }>(
      'UPDATE documents SET metadata = $2::jsonb, updated_at = now() WHERE id = $1 RETURNING id',
      [id, JSON.stringify(metadata)],
    )
    if (rows.length === 0) throw new StorageNotFoundError(`no document ${id}`)
  }

  const readOps: Storage['readOps'] = async (docId, afterSeq, limit) => {
    const { rows } = await client.query<OpRow>(
      `SELECT seq, op_id, kind, user_id, envelope FROM document_operations
       WHERE doc_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [docId, afterSeq, limit],
    )
    return rows.map((row) => ({
      seq: toSeq(row.seq),
      opId: row.op_id,
      kind: row.kind,
      userId: row.user_id,
      envelope: toBytes(row.envelope),
    }))
  }

  const findOps: Storage['findOps'] = async (docId, opIds) => {
    const found = new Map<string, number>()
    if (opIds.length === 0) return found
    const { rows } = await client.query<{ op_id: string; seq: SqlBigint }>(
      'SELECT op_id, seq FROM document_operations WHERE doc_id = $1 AND op_id = ANY($2::text[])',
      [docId, opIds],
    )
    for (const row of rows) found.set(row.op_id, toSeq(row.seq))
    return found
  }

  const history: Storage['history'] = async (docId, { beforeSeq, limit }) => {
    const { rows } = await client.query<HistoryRow>(
      `SELECT seq, op_id, kind, user_id, created_at FROM document_operations
       WHERE doc_id = $1 AND ($2::bigint IS NULL OR seq < $2::bigint)
       ORDER BY seq DESC LIMIT $3`,
      [docId, beforeSeq ?? null, limit],
    )
    return rows.map((row) => ({
      seq: toSeq(row.seq),
      opId: row.op_id,
      kind: row.kind,
      userId: row.user_id,
      createdAt: row.created_at,
    }))
  }

  const saveSnapshot: Storage['saveSnapshot'] = async (docId, { seq, data }) => {
    // Selecting through the document row checks, in the same statement, that the snapshot is
    // not ahead of the durable sequence.
    const { rows } = await client.query<{ seq: SqlBigint }>(
      `INSERT INTO document_snapshots (doc_id, seq, data)
       SELECT id, $2::bigint, $3::bytea FROM documents WHERE id = $1 AND seq >= $2::bigint
       ON CONFLICT (doc_id, seq) DO UPDATE SET data = excluded.data, created_at = now()
       RETURNING seq`,
      [docId, seq, data],
    )
    if (rows.length > 0) return
    const document = await getDocument(docId)
    if (!document) throw new StorageNotFoundError(`no document ${docId}`)
    throw new StorageConflictError(
      `snapshot of ${docId} at seq ${seq} is ahead of the stored seq ${document.seq}`,
    )
  }

  const latestSnapshot: Storage['latestSnapshot'] = async (docId) => {
    const { rows } = await client.query<SnapshotRow>(
      `SELECT seq, data, created_at FROM document_snapshots
       WHERE doc_id = $1 ORDER BY seq DESC LIMIT 1`,
      [docId],
    )
    const row = rows[0]
    return row && { seq: toSeq(row.seq), data: toBytes(row.data), createdAt: row.created_at }
  }

  return {
    migrate: () => migrateSchema(client),
    createDocument,
    getDocument,
    setMetadata,
    appendOps: (docId, ops) => appendOps(client, docId, ops),
    readOps,
    findOps,
    history,
    saveSnapshot,
    latestSnapshot,
    close: () => client.close(),
  }
}
