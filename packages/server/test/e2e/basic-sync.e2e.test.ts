import { exportMarkdown, ROOT_ID } from '@markdownsync/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startServer, until } from '../support/harness.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('sync over real WebSockets', () => {
  it('two clients editing one document converge with each other and the server export', async () => {
    harness = await startServer()
    const a = await harness.client('doc-1')
    const b = await harness.client('doc-1')
    const { op } = a.doc.insertBlock({
      parent: ROOT_ID,
      type: 'heading',
      props: { level: 1 },
      text: 'Title',
    })
    a.doc.insertBlock({ parent: ROOT_ID, after: op.block, type: 'paragraph', text: 'Hello' })
    await until(() => b.replica?.children(ROOT_ID).length === 2, 5000, 'b sees both blocks')
    const para = b.doc.children(ROOT_ID)[1]!
    b.doc.insertText(para, 5, ' world')
    await until(() => a.doc.text(para) === 'Hello world', 5000, 'a sees the edit')
    await until(() => a.outbox.size === 0 && b.outbox.size === 0, 5000, 'acks')
    const markdown = await harness.app.inject({
      method: 'GET',
      url: '/v1/documents/doc-1/markdown',
    })
    expect(markdown.statusCode).toBe(200)
    expect(markdown.body).toBe('# Title\n\nHello world\n')
    expect(exportMarkdown(a.doc)).toBe(markdown.body)
    expect(b.doc.toCanonical()).toEqual(a.doc.toCanonical())
  })
})

describe('room capacity', () => {
  it('a session beyond maxSessionsPerDocument is refused with "room full" (4413) and the others carry on', async () => {
    harness = await startServer({ limits: { maxSessionsPerDocument: 2 } })
    const a = await harness.client('full-doc')
    await harness.client('full-doc')
    await expect(harness.client('full-doc')).rejects.toThrow(/4413 room full/)
    a.doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: 'still here' })
    await until(() => a.outbox.size === 0, 5000, 'ack')
  })
})
