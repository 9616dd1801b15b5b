/**
 * A document's address: its id in the page URL (`?doc=<id>`), so the address bar is the link
 * to share. `kind=slides` asks for a deck when the document does not exist yet.
 */

export type DocumentKind = 'doc' | 'slides'

export interface DocumentAddress {
  readonly id: string
  readonly kind: DocumentKind
}

/** The server's id rule: letters, digits and `. _ : -`, starting with a letter or digit. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

export const isDocumentId = (id: string): boolean => ID.test(id)

/** The document a URL names, if any. */
export const addressFromUrl = (url: URL): DocumentAddress | undefined => {
  const id = url.searchParams.get('doc')
  if (id === null || !isDocumentId(id)) return undefined
  return { id, kind: url.searchParams.get('kind') === 'slides' ? 'slides' : 'doc' }
}

/** The URL of a document, on the same page. */
export const urlForDocument = (base: URL, address: DocumentAddress): URL => {
  const url = new URL(base.href)
  url.search = ''
  url.hash = ''
  url.searchParams.set('doc', address.id)
  if (address.kind === 'slides') url.searchParams.set('kind', 'slides')
  return url
}

/** A fresh document id, short enough to read out loud. */
export const newDocumentId = (random: () => number = Math.random): string => {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'
  let id = ''
  for (let i = 0; i < 10; i++) id += alphabet[Math.floor(random() * alphabet.length)]
  return `doc-${id}`
}

/** A file name for a document's Markdown export. */
export const exportFileName = (title: string | undefined, id: string): string => {
  const base = (title ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return `${base === '' ? id : base}.md`
}
