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

describe('dev tokens', () => {
  it('a renewal naming the dev user id it was given keeps that user; a made-up id is refused with 400', async () => {
    const server = await startServer()
    harness = server
    const issue = (payload: object) =>
      server.app.inject({ method: 'POST', url: '/v1/dev/token', payload })
    const first = (await issue({ name: 'Ada' })).json() as { userId: string }
    expect(first.userId).toMatch(/^dev-[0-9a-f]{12}$/)
    const renewed = (await issue({ name: 'Ada', userId: first.userId })).json() as {
      userId: string
      token: string
    }
    expect(renewed.userId).toBe(first.userId)
    const client = await server.client('dev-renewal', { token: renewed.token })
    expect(client.welcome?.user.id).toBe(first.userId)
    expect((await issue({})).json().userId).not.toBe(first.userId)
    const refused = await issue({ userId: 'admin' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.code).toBe('invalid_request')
  })
})

describe('session replacement', () => {
  it('a client reconnecting while its old session is still open takes over its replica id, and the old session is closed with 4409', async () => {
    harness = await startServer()
    const token = (await harness.app.inject({ method: 'POST', url: '/v1/dev/token' })).json()
      .token as string
    const first = await harness.client('replaced-doc', { token, replica: 4242 })
    expect(first.welcome?.replica).toBe(4242)
    const second = await harness.client('replaced-doc', { token, replica: 4242 })
    expect(second.welcome?.replica).toBe(4242)
    await first.closed()
    expect(first.closeCode).toBe(4409)
    // another user asking for that id gets another one
    const other = await harness.client('replaced-doc', { replica: 4242 })
    expect(other.welcome?.replica).not.toBe(4242)
  })
})

describe('shutdown', () => {
  it('closes sessions with 4503 "going away" after committing, before the sockets drop', async () => {
    const server = await startServer()
    const client = await server.client('shutdown-doc')
    client.doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: 'kept' })
    await until(() => client.outbox.size === 0, 5000, 'ack')
    const closed = client.closed()
    await server.app.close()
    await closed
    expect(client.closeCode).toBe(4503)
    expect(client.closeReason).toBe('the server is shutting down')
    await server.close()
  })
})
