/**
 * The server's document routes, through the playground's own origin (Vite proxies `/v1`):
 * create a document from Markdown, read its metadata, export it. Dev mode: no token needed.
 */
import type { DocumentKind } from './document-address.js'

export interface DocumentInfo {
  readonly id: string
  readonly kind: string
  readonly seq: number
}

export class DocumentsApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const failure = async (response: Response): Promise<DocumentsApiError> => {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined
  return new DocumentsApiError(
    response.status,
    body?.error?.code ?? 'http_error',
    body?.error?.message ?? `${response.status} ${response.statusText}`,
  )
}

/** Creates a document from Markdown; `document_exists` when the id is taken. */
export const createDocument = async (input: {
  readonly id?: string
  readonly kind: DocumentKind
  readonly markdown: string
}): Promise<DocumentInfo> => {
  const response = await fetch('/v1/documents', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  })
  if (!response.ok) throw await failure(response)
  return (await response.json()) as DocumentInfo
}

/** The document's metadata, or undefined when it does not exist. */
export const getDocument = async (id: string): Promise<DocumentInfo | undefined> => {
  const response = await fetch(`/v1/documents/${encodeURIComponent(id)}`)
  if (response.status === 404) return undefined
  if (!response.ok) throw await failure(response)
  return (await response.json()) as DocumentInfo
}

/**
 * Makes sure the document exists, seeding a new one with `markdown`. Someone else creating it
 * at the same moment is fine: theirs is the document.
 */
export const ensureDocument = async (
  id: string,
  kind: DocumentKind,
  markdown: string,
): Promise<DocumentInfo> => {
  const existing = await getDocument(id)
  if (existing !== undefined) return existing
  try {
    return await createDocument({ id, kind, markdown })
  } catch (error) {
    if (error instanceof DocumentsApiError && error.code === 'document_exists') {
      const created = await getDocument(id)
      if (created !== undefined) return created
    }
    throw error
  }
}

/** The server's Markdown export of the document. */
export const exportDocument = async (id: string): Promise<string> => {
  const response = await fetch(`/v1/documents/${encodeURIComponent(id)}/markdown`)
  if (!response.ok) throw await failure(response)
  return response.text()
}
