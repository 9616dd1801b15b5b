/**
 * Permissions with real tokens (dev mode off): what each scope lets a session do over a real
 * WebSocket, which tokens are refused at `hello` (4403 with a reason), and the same tokens on
 * the HTTP API (401 / 403 with `{ error: { code, message } }`).
 */
import { randomBytes } from 'node:crypto'
import {
  CLOSE_CODES,
  type CursorBatchMessage,
  type Envelope,
  type PresenceDiffMessage,
  ROOT_ID,
  TEXT_NAME,
} from '@markdownsync/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TokenGrants } from '../../src/auth/claims.js'
import { createTokenAuthority } from '../../src/auth/tokens.js'
import { type Harness, startServer, until } from '../support/harness.js'
import type { ProtocolClient } from '../support/protocol-client.js'
import { RawSession } from '../support/raw-session.js'

const SECRET = randomBytes(32).toString('base64')
const DOC = 'doc-1'
const MARKDOWN = '# Title\n\nFirst paragraph\n\nSecond paragraph\n\nThird paragraph\n'
/** A caret at the end of a block's text (Yjs relative position kind 1: the root type's name). */
const ANCHOR = Uint8Array.from([1, TEXT_NAME.length, ...Buffer.from(TEXT_NAME)])

let harness: Harness
let writerToken: string

const token = (userId: string, perms: TokenGrants): Promise<string> =>
  harness.app.markdownsync.auth.issue({ userId, name: userId, perms })

beforeAll(async () => {
  harness = await startServer({ dev: false, authSecret: SECRET })
  writerToken = await token('writer', { [DOC]: ['doc:write', 'presence:write'] })
  const created = await harness.app.inject({
    method: 'POST',
    url: '/v1/documents',
    headers: { authorization: `Bearer ${writerToken}` },
    payload: { id: DOC, markdown: MARKDOWN },
  })
  expect(created.statusCode).toBe(201)
})
afterAll(async () => {
  await harness.close()
})

const http = (method: 'GET' | 'POST', url: string, bearer?: string, payload?: object) =>
  harness.app.inject({
    method,
    url,
    ...(bearer === undefined ? {} : { headers: { authorization: `Bearer ${bearer}` } }),
    ...(payload === undefined ? {} : { payload }),
  })

/** The document as the writer reads it over HTTP: its seq and its Markdown. */
const documentState = async () => {
  const meta = await http('GET', `/v1/documents/${DOC}`, writerToken)
  const markdown = await http('GET', `/v1/documents/${DOC}/markdown`, writerToken)
  return { seq: (meta.json() as { seq: number }).seq, markdown: markdown.body }
}

const blocks = () => {
  const [heading, first, second, third] = harness.app.markdownsync.rooms
    .get(DOC)!
    .replica.children(ROOT_ID)
  return { heading: heading!, first: first!, second: second!, third: third! }
}

/** Every durable op kind, made by the client's own replica (and sent, optimistically). */
const everyOpKind = (client: ProtocolClient): Envelope[] => {
  const { heading, first, second, third } = blocks()
  return [
    client.doc.insertText(first, 0, 'not yours '),
    client.doc.setProperty(heading, 'level', 3),
    client.doc.insertBlock({ parent: ROOT_ID, after: third, type: 'paragraph', text: 'new' }),
    client.doc.splitBlock(second, 3),
    client.doc.moveBlock(third, { parent: ROOT_ID, after: null }),
    client.doc.mergeBlocks(first, second),
    client.doc.deleteBlock(heading),
  ]
}

describe('what a session may do, by scope', () => {
  it('SEQ-1: a read-only session (doc:read) gets every durable op kind rejected with `permission_denied`, and the document never changes', async () => {
    const reader = await harness.client(DOC, {
      token: await token('reader', { [DOC]: ['doc:read'] }),
    })
    expect(reader.welcome?.permissions).toEqual(['read'])
    const before = await documentState()
    const sent = everyOpKind(reader)
    expect(new Set(sent.map((e) => e.op.kind))).toEqual(
      new Set([
        'insert_block',
        'delete_block',
        'move_block',
        'split_block',
        'merge_blocks',
        'edit_text',
        'set_property',
      ]),
    )
    await until(() => reader.rejects.length === sent.length, 10_000, 'every reject')
    expect(reader.rejects.map((r) => [r.opId, r.code])).toEqual(
      sent.map((e) => [e.id, 'permission_denied']),
    )
    expect(reader.acked.size).toBe(0)
    expect(await documentState()).toEqual(before)
    expect(before.markdown).toBe(MARKDOWN)
    const another = await harness.client(DOC, { token: writerToken })
    expect(another.doc.toCanonical()).toEqual(
      harness.app.markdownsync.rooms.get(DOC)!.replica.toCanonical(),
    )
    await Promise.all([reader.close(), another.close()])
  })

  it('a read-only session may not show presence, move a cursor or send events: a `forbidden` warning each, the session stays, others see nothing', async () => {
    const observer = await harness.client(DOC, { token: writerToken })
    const reader = await RawSession.join(harness.url, DOC, {
      token: await token('quiet-reader', { [DOC]: ['doc:read'] }),
    })
    const me = reader.welcome!.session
    reader.sendMessage(
      { type: 'presence', data: { status: 'here' } },
      { type: 'cursor', block: blocks().first, anchor: ANCHOR },
      { type: 'event', data: { hello: 'all' } },
    )
    await until(() => reader.errors().length === 3, 10_000, 'three warnings')
    expect(reader.errors()).toEqual([
      {
        type: 'error',
        code: 'forbidden',
        message: 'this session may not show presence',
        fatal: false,
      },
      {
        type: 'error',
        code: 'forbidden',
        message: 'this session may not show presence',
        fatal: false,
      },
      {
        type: 'error',
        code: 'forbidden',
        message: 'this session may not send events',
        fatal: false,
      },
    ])
    // a ping after them: once it is answered, anything the three caused has been sent
    reader.sendMessage({ type: 'ping', t: 1 })
    await reader.next((m) => m.type === 'pong', 'pong')
    expect(reader.isOpen).toBe(true)
    expect(
      observer.received.some(
        (m) =>
          (m.type === 'presence_diff' && m.updated.some((u) => u.session === me)) ||
          (m.type === 'cursor_batch' && m.cursors.some((c) => c.session === me)) ||
          m.type === 'event',
      ),
    ).toBe(false)
    reader.terminate()
    await observer.close()
  })

  it('a presence-only session (presence:write) moves its cursor and presence for others to see, but cannot change the document', async () => {
    const observer = await harness.client(DOC, { token: writerToken })
    const presenter = await harness.client(DOC, {
      token: await token('presenter', { [DOC]: ['presence:write'] }),
    })
    expect(presenter.welcome?.permissions).toEqual(['read', 'presence'])
    const me = presenter.welcome!.session
    const before = await documentState()
    presenter.sendRaw({ type: 'presence', data: { status: 'presenting' } })
    presenter.sendRaw({ type: 'cursor', block: blocks().first, anchor: ANCHOR })
    await until(
      () =>
        observer.received.some(
          (m): m is PresenceDiffMessage =>
            m.type === 'presence_diff' &&
            [...m.joined, ...m.updated].some(
              (u) =>
                u.session === me && (u.presence as { status?: string })?.status === 'presenting',
            ),
        ),
      10_000,
      'the presence at the observer',
    )
    await until(
      () =>
        observer.received.some(
          (m): m is CursorBatchMessage =>
            m.type === 'cursor_batch' &&
            m.cursors.some((c) => c.session === me && c.block === blocks().first),
        ),
      10_000,
      'the cursor at the observer',
    )
    const sent = everyOpKind(presenter)
    await until(() => presenter.rejects.length === sent.length, 10_000, 'every reject')
    expect(presenter.rejects.every((r) => r.code === 'permission_denied')).toBe(true)
    expect(presenter.received.filter((m) => m.type === 'error')).toEqual([])
    expect(await documentState()).toEqual(before)
    await Promise.all([presenter.close(), observer.close()])
  })

  it('a writer (doc:write) changes the document: acknowledged, exported, and seen by a reader', async () => {
    const writer = await harness.client(DOC, { token: writerToken })
    const reader = await harness.client(DOC, {
      token: await token('watcher', { [DOC]: ['doc:read'] }),
    })
    const before = await documentState()
    const { third } = blocks()
    const envelope = writer.doc.insertBlock({
      parent: ROOT_ID,
      after: third,
      type: 'paragraph',
      text: 'Written with permission',
    })
    await until(() => writer.acked.has(envelope.id), 10_000, 'the ack')
    const block = (envelope.op as { block: string }).block
    await until(() => reader.replica?.exists(block) === true, 10_000, 'the reader to see it')
    const after = await documentState()
    expect(after.seq).toBe(before.seq + 1)
    expect(after.markdown).toBe(`${before.markdown}\nWritten with permission\n`)
    await Promise.all([writer.close(), reader.close()])
  })
})

/** Tokens a session or a request is refused with; made lazily, once the server runs. */
const refusals: {
  what: string
  docId: string
  token: () => Promise<string | undefined>
  reason: string
  code: 'unauthorized' | 'forbidden'
}[] = [
  {
    what: 'no token at all',
    docId: DOC,
    token: async () => undefined,
    reason: 'a token is required',
    code: 'unauthorized',
  },
  {
    what: 'a token for another document',
    docId: DOC,
    token: () => token('other', { 'doc-2': ['doc:write'] }),
    reason: `token has no access to document ${DOC}`,
    code: 'forbidden',
  },
  {
    what: 'a `team:*` prefix grant, on a document outside the prefix',
    docId: DOC,
    token: () => token('teammate', { 'team:*': ['doc:write'] }),
    reason: `token has no access to document ${DOC}`,
    code: 'forbidden',
  },
  {
    what: 'an exact grant of no scopes, which beats a `*` prefix',
    docId: DOC,
    token: () => token('banned', { '*': ['doc:write'], [DOC]: [] }),
    reason: `token has no access to document ${DOC}`,
    code: 'forbidden',
  },
  {
    what: 'an expired token',
    docId: DOC,
    token: () =>
      createTokenAuthority({ secret: SECRET, now: () => Date.now() - 2 * 3600_000 }).issue({
        userId: 'late',
        name: 'Late',
        perms: { [DOC]: ['doc:write'] },
        expiresInSeconds: 60,
      }),
    reason: 'token expired',
    code: 'unauthorized',
  },
  {
    what: 'a token signed with another secret (forged)',
    docId: DOC,
    token: () =>
      createTokenAuthority({ secret: randomBytes(32).toString('base64') }).issue({
        userId: 'mallory',
        name: 'Mallory',
        perms: { '*': ['doc:write'] },
      }),
    reason: 'invalid token signature',
    code: 'unauthorized',
  },
  {
    what: 'something that is not a JWT',
    docId: DOC,
    token: async () => 'not-a-jwt-at-all',
    reason: 'malformed token',
    code: 'unauthorized',
  },
]

describe('hello with a token that does not grant the document', () => {
  it.each(refusals)('$what: closed with 4403 "$reason", no welcome', async (refusal) => {
    const before = await documentState()
    const session = await RawSession.open(harness.url)
    const bearer = await refusal.token()
    session.hello(refusal.docId, bearer === undefined ? {} : { token: bearer })
    expect(await session.closed()).toEqual({
      code: CLOSE_CODES.unauthorized,
      reason: refusal.reason,
    })
    expect(session.errors()).toEqual([
      { type: 'error', code: refusal.code, message: refusal.reason, fatal: true },
    ])
    expect(session.welcome).toBeUndefined()
    expect(await documentState()).toEqual(before)
  })

  it('a `team:*` prefix grant opens the documents under its prefix', async () => {
    const teammate = await token('teammate', { 'team:*': ['doc:write'] })
    const client = await harness.client('team:alpha', { token: teammate })
    expect(client.welcome?.permissions).toEqual(['read', 'write'])
    const envelope = client.doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: 'Team' })
    await until(() => client.acked.has(envelope.id), 10_000, 'the ack')
    expect((await http('GET', '/v1/documents/team:alpha/markdown', teammate)).body).toBe('Team\n')
    await client.close()
  })

  it('a read-only token does not create a document that does not exist: 4404', async () => {
    const session = await RawSession.open(harness.url)
    session.hello('doc-nobody-made', {
      token: await token('reader', { 'doc-nobody-made': ['doc:read'] }),
    })
    expect(await session.closed()).toEqual({
      code: CLOSE_CODES.not_found,
      reason: 'document doc-nobody-made does not exist',
    })
    expect(await harness.storage.getDocument('doc-nobody-made')).toBeUndefined()
  })
})

describe('the HTTP API with the same tokens', () => {
  const routes = [
    ['GET', `/v1/documents/${DOC}`],
    ['GET', `/v1/documents/${DOC}/markdown`],
    ['GET', `/v1/documents/${DOC}/history`],
    ['POST', `/v1/documents/${DOC}/snapshot`],
    ['POST', '/v1/documents'],
  ] as const

  it.each(routes)('%s %s without a token: 401 with a JSON error', async (method, url) => {
    const reply = await http(method, url, undefined, method === 'POST' ? {} : undefined)
    expect(reply.statusCode).toBe(401)
    expect(reply.json()).toEqual({
      error: { code: 'unauthorized', message: 'an Authorization: Bearer token is required' },
    })
  })

  it('with a read token the export, metadata and history work, and POST snapshot is 403', async () => {
    const read = await token('http-reader', { [DOC]: ['doc:read'] })
    const markdown = await http('GET', `/v1/documents/${DOC}/markdown`, read)
    expect(markdown.statusCode).toBe(200)
    expect(markdown.body).toBe((await documentState()).markdown)
    expect((await http('GET', `/v1/documents/${DOC}`, read)).statusCode).toBe(200)
    expect((await http('GET', `/v1/documents/${DOC}/history`, read)).statusCode).toBe(200)
    const snapshot = await http('POST', `/v1/documents/${DOC}/snapshot`, read)
    expect(snapshot.statusCode).toBe(403)
    expect(snapshot.json()).toEqual({
      error: { code: 'forbidden', message: `the token does not allow write on ${DOC}` },
    })
    const create = await http('POST', '/v1/documents', read, { id: 'doc-by-reader' })
    expect(create.statusCode).toBe(403)
    expect(create.json()).toEqual({
      error: { code: 'forbidden', message: 'token has no access to document doc-by-reader' },
    })
    expect(await harness.storage.getDocument('doc-by-reader')).toBeUndefined()
  })

  it('a write token may snapshot', async () => {
    const reply = await http('POST', `/v1/documents/${DOC}/snapshot`, writerToken)
    expect(reply.statusCode).toBe(200)
    expect(reply.json()).toEqual({ seq: (await documentState()).seq })
  })

  it.each(refusals.filter((r) => r.what !== 'no token at all'))(
    '$what: $code over HTTP too',
    async (refusal) => {
      const bearer = (await refusal.token())!
      const reply = await http('GET', `/v1/documents/${DOC}/markdown`, bearer)
      expect(reply.statusCode).toBe(refusal.code === 'forbidden' ? 403 : 401)
      expect(reply.json()).toEqual({ error: { code: refusal.code, message: refusal.reason } })
    },
  )

  it('a malformed Authorization header: 401 "malformed Authorization header"', async () => {
    const reply = await harness.app.inject({
      method: 'GET',
      url: `/v1/documents/${DOC}`,
      headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    })
    expect(reply.statusCode).toBe(401)
    expect(reply.json()).toEqual({
      error: { code: 'unauthorized', message: 'malformed Authorization header' },
    })
  })

  it('the dev token route does not exist outside dev mode: 404', async () => {
    const reply = await http('POST', '/v1/dev/token', undefined, {})
    expect(reply.statusCode).toBe(404)
    expect(reply.json()).toEqual({
      error: { code: 'dev_only', message: 'this route exists only in dev mode' },
    })
  })
})
