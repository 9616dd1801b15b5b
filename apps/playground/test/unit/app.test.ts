import type { RejectionEvent } from '@markdownsync/sdk'
import { describe, expect, it } from 'vitest'
import {
  addressFromUrl,
  exportFileName,
  isDocumentId,
  newDocumentId,
  urlForDocument,
} from '../../src/app/document-address.js'
import { looksLikeDeck } from '../../src/app/files.js'
import { initials, randomName } from '../../src/app/identity.js'
import {
  connectionLabel,
  errorNotice,
  rejectionNotice,
  savedLabel,
} from '../../src/app/room-notices.js'

describe('document addresses', () => {
  it('reads the document id and kind from the URL, and refuses ids the server would', () => {
    expect(addressFromUrl(new URL('http://x/?doc=team-a:plan&kind=slides'))).toEqual({
      id: 'team-a:plan',
      kind: 'slides',
    })
    expect(addressFromUrl(new URL('http://x/?doc=notes'))).toEqual({ id: 'notes', kind: 'doc' })
    expect(addressFromUrl(new URL('http://x/?doc=-bad'))).toBeUndefined()
    expect(addressFromUrl(new URL('http://x/'))).toBeUndefined()
  })

  it('writes a shareable URL on the same page, dropping other parameters', () => {
    const url = urlForDocument(new URL('http://x/app/?doc=old&engine=worker#top'), {
      id: 'new-1',
      kind: 'doc',
    })
    expect(url.href).toBe('http://x/app/?doc=new-1')
  })

  it('makes new ids the server accepts', () => {
    let seed = 0
    const id = newDocumentId(() => (seed++ % 10) / 10)
    expect(isDocumentId(id)).toBe(true)
    expect(id).toMatch(/^doc-[a-z2-9]{10}$/)
  })

  it('names the exported file after the title', () => {
    expect(exportFileName('Welcome to MarkdownSync!', 'doc-1')).toBe('welcome-to-markdownsync.md')
    expect(exportFileName(undefined, 'doc-1')).toBe('doc-1.md')
  })
})

describe('what the user is told', () => {
  const rejection = (over: Partial<RejectionEvent>): RejectionEvent => ({
    opId: '01',
    code: 'invalid_op',
    reason: 'bad op',
    blocks: [],
    rolledBack: true,
    dropped: [],
    ...over,
  })

  it('a rolled-back change says it was undone, with the reason and what went with it', () => {
    expect(rejectionNotice(rejection({ dropped: ['02', '03'] }))).toEqual({
      kind: 'warning',
      title: 'Your change was undone',
      detail: 'bad op (invalid_op); 2 later changes went with it',
    })
  })

  it('a lost concurrent move says the earlier move won', () => {
    expect(rejectionNotice(rejection({ code: 'concurrent_move', rolledBack: false })).title).toBe(
      'Someone moved that block first',
    )
  })

  it('errors an edit already shows are not repeated; fatal ones ask for a reload', () => {
    expect(errorNotice({ code: 'not_loaded', message: 'x', fatal: false })).toBeUndefined()
    expect(errorNotice({ code: 'not_found', message: 'gone', fatal: true })?.detail).toContain(
      'Reload',
    )
  })

  it('labels the connection and the saved state', () => {
    expect(connectionLabel('connected', true)).toEqual({ label: 'Connected', tone: 'ok' })
    expect(connectionLabel('reconnecting', false)).toEqual({ label: 'Offline', tone: 'bad' })
    expect(savedLabel(true, true, 'connected')).toEqual({ label: 'Saved', saved: true })
    expect(savedLabel(false, true, 'reconnecting').saved).toBe(false)
    expect(savedLabel(false, false, 'connecting').label).toBe('Loading…')
  })
})

describe('identity and files', () => {
  it('makes a two-word name and its initials', () => {
    const name = randomName(() => 0)
    expect(name.split(' ')).toHaveLength(2)
    expect(initials('Curious Otter')).toBe('CO')
  })

  it('recognises a Marp deck by its front matter', () => {
    expect(looksLikeDeck('---\nmarp: true\n---\n\n# Hi\n')).toBe(true)
    expect(looksLikeDeck('# Hi\n\n---\n\ntext\n')).toBe(false)
  })
})
