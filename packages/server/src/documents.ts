/**
 * Documents as the HTTP API and admission see them: create (empty or from Markdown), read,
 * export, history, snapshot. Markdown never travels on the wire (DESIGN): an import becomes
 * ordinary ops, sequenced 1..n in the op log, so a document made from Markdown syncs, replays
 * and recovers exactly like one typed by hand.
 */
import {
  DocumentReplica,
  type Envelope,
  encodeEnvelope,
  exportMarkdown,
  type FrontMatter,
  importMarkdown,
  type MarkdownError,
  PROTOCOL_LIMITS,
} from '@markdownsync/core'
import type { RoomRegistry } from './rooms/registry.js'
import type { DocumentRoom } from './rooms/room.js'
import type {
  DocumentKind,
  DocumentRecord,
  HistoryEntry,
  Storage,
  StoredOp,
} from './storage/storage.js'

/** Document ids: what a URL segment and a token grant can carry without escaping. */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/

export const isValidDocumentId = (id: string): boolean =>
  DOCUMENT_ID_PATTERN.test(id) && Buffer.byteLength(id) <= PROTOCOL_LIMITS.maxIdBytes

export type CreateResult =
  | { readonly ok: true; readonly document: DocumentRecord; readonly blocks: number }
  | { readonly ok: false; readonly code: 'document_exists' | 'invalid_id' }
  | { readonly ok: false; readonly code: 'invalid_markdown'; readonly error: MarkdownError }

const APPEND_BATCH = 500

const randomReplica = (): number => 1 + Math.floor(Math.random() * 0xffff_fffe)

export class DocumentService {
  constructor(
    private readonly storage: Storage,
    private readonly rooms: RoomRegistry,
  ) {}

  get(id: string): Promise<DocumentRecord | undefined> {
    return this.storage.getDocument(id)
  }

  /** Creates a document, empty or from Markdown (`kind` decides how `---` is read). */
  async create(input: {
    id: string
    kind: DocumentKind
    markdown?: string
    userId: string
  }): Promise<CreateResult> {
    if (!isValidDocumentId(input.id)) return { ok: false, code: 'invalid_id' }
    let envelopes: Envelope[] = []
    let frontMatter: FrontMatter | null = null
    if (input.markdown !== undefined && input.markdown.length > 0) {
      const replica = new DocumentReplica({
        replica: randomReplica(),
        user: input.userId,
        session: 'import',
      })
      const collected: Envelope[] = []
      replica.onLocalOp((envelope) => collected.push(envelope))
      const imported = importMarkdown(input.markdown, { kind: input.kind, replica })
      if (!imported.ok) return { ok: false, code: 'invalid_markdown', error: imported.error }
      envelopes = collected
      frontMatter = imported.value.frontMatter
    }
    const document = await this.storage.createDocument({
      id: input.id,
      kind: input.kind,
      metadata: frontMatter === null ? {} : { frontMatter },
    })
    if (document === undefined) return { ok: false, code: 'document_exists' }
    const ops: StoredOp[] = envelopes.map((envelope, i) => ({
      seq: i + 1,
      opId: envelope.id,
      kind: envelope.op.kind,
      userId: envelope.user,
      envelope: encodeEnvelope(envelope),
    }))
    for (let i = 0; i < ops.length; i += APPEND_BATCH)
      await this.storage.appendOps(input.id, ops.slice(i, i + APPEND_BATCH))
    return { ok: true, document: { ...document, seq: ops.length }, blocks: envelopes.length }
  }

  /** The document's room; a missing document is created empty when `create` is set. */
  async openRoom(id: string, create: boolean): Promise<DocumentRoom | undefined> {
    const open = this.rooms.get(id)
    if (open !== undefined && !open.isClosed) return open
    let record = await this.storage.getDocument(id)
    if (record === undefined && create && isValidDocumentId(id)) {
      record =
        (await this.storage.createDocument({ id, kind: 'doc' })) ??
        (await this.storage.getDocument(id))
    }
    return record === undefined ? undefined : this.rooms.open(record)
  }

  /** The document as Markdown, front matter included. */
  async exportMarkdown(id: string): Promise<string | undefined> {
    const record = await this.storage.getDocument(id)
    if (record === undefined) return undefined
    const room = await this.rooms.open(record)
    const frontMatter = (record.metadata.frontMatter as FrontMatter | undefined) ?? null
    return exportMarkdown(room.replica, { frontMatter })
  }

  history(id: string, options: { beforeSeq?: number; limit: number }): Promise<HistoryEntry[]> {
    return this.storage.history(id, options)
  }

  /** Writes a snapshot now (after the log commits); returns its seq. */
  async snapshot(id: string): Promise<number | undefined> {
    const record = await this.storage.getDocument(id)
    if (record === undefined) return undefined
    const room = await this.rooms.open(record)
    return room.snapshotNow()
  }
}
