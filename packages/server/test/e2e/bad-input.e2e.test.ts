/**
 * Bad input over real WebSockets (DESIGN "How we judge it": bad input gets a clear error and
 * changes nothing; the server never crashes and never lets memory grow without bound).
 *
 * Every case states three things: what the misbehaving client is told (an `error` message and/or
 * a close code and reason from CLOSE_CODES), that the document did not change (its Markdown
 * export and seq over HTTP, and the room's in-memory seq), and that the server goes on serving
 * another client normally afterwards.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CLOSE_CODES,
  type DurableOp,
  decodeClientFrame,
  type Envelope,
  encodeClientFrame,
  encodeClientMessage,
  hlcToString,
  newBlockId,
  PROTOCOL_LIMITS,
  PROTOCOL_SCHEMA,
  PROTOCOL_VERSION,
  positionBetween,
  ROOT_ID,
  TEXT_NAME,
} from '@markdownsync/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenAuthority } from '../../src/auth/tokens.js'
import { openPgliteStorage } from '../../src/storage/index.js'
import { bytes, str, varuint, yjsDelete, yjsInsert } from '../support/hand-bytes.js'
import { type Harness, startServer, until } from '../support/harness.js'
import { retainedMemory } from '../support/memory.js'
import { RawSession } from '../support/raw-session.js'

const SECRET = 'bad-input-suite-secret-0123456789abcdef'
const MARKDOWN = '# Title\n\nFirst paragraph\n\nSecond paragraph\n'

// ------------------------------------------------------------------ bytes by hand

/** The wire tag of each client message type (its index in the schema). */
const TAG = Object.fromEntries(
  Object.keys(PROTOCOL_SCHEMA.client.variants).map((name, index) => [name, index]),
) as Record<string, number>

/** A seeded PRNG (mulberry32), so a garbage frame that breaks something can be replayed. */
const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ------------------------------------------------------------------ the server under test

let harness: Harness
let documents = 0
beforeAll(async () => {
  harness = await startServer({ dev: true, authSecret: SECRET })
})
afterAll(async () => {
  await harness.close()
})

/** A new document with a heading and two paragraphs; its id. */
const seedDocument = async (): Promise<string> => {
  const id = `bad-${++documents}`
  const created = await harness.app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: { id, markdown: MARKDOWN },
  })
  expect(created.statusCode).toBe(201)
  return id
}

interface DocumentState {
  readonly seq: number
  readonly roomSeq: number | undefined
  readonly markdown: string
}

const documentState = async (docId: string): Promise<DocumentState> => {
  const meta = await harness.app.inject({ method: 'GET', url: `/v1/documents/${docId}` })
  const markdown = await harness.app.inject({
    method: 'GET',
    url: `/v1/documents/${docId}/markdown`,
  })
  expect(meta.statusCode).toBe(200)
  expect(markdown.statusCode).toBe(200)
  return {
    seq: (meta.json() as { seq: number }).seq,
    roomSeq: harness.app.markdownsync.rooms.get(docId)?.seq,
    markdown: markdown.body,
  }
}

const room = (docId: string) => {
  const open = harness.app.markdownsync.rooms.get(docId)
  if (open === undefined) throw new Error(`room ${docId} is not open`)
  return open
}

/** The seeded document's blocks, in order: heading, first paragraph, second paragraph. */
const blocksOf = (docId: string) => {
  const [heading, first, second] = room(docId).replica.children(ROOT_ID)
  return { heading: heading!, first: first!, second: second! }
}

/** A new session on the document writes a paragraph, is acknowledged, and the export shows it. */
let serial = 0
const expectServing = async (docId: string): Promise<void> => {
  const client = await harness.client(docId)
  const text = `still serving ${++serial}`
  const envelope = client.doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text })
  await until(() => client.acked.has(envelope.id), 10_000, 'the ack')
  const markdown = await harness.app.inject({
    method: 'GET',
    url: `/v1/documents/${docId}/markdown`,
  })
  expect(markdown.body).toContain(text)
  await client.close()
}

/** The fatal `error` a refused session got, and how its socket closed. */
const refusal = async (session: RawSession) => {
  const closed = await session.closed()
  const fatal = session.errors().filter((e) => e.fatal)
  return { closed, error: fatal[fatal.length - 1] }
}

const insertOp = (): DurableOp => ({
  kind: 'insert_block',
  block: newBlockId(),
  parent: ROOT_ID,
  key: positionBetween(null, null),
  blockType: 'paragraph',
})

// ------------------------------------------------------------------ frames that do not decode

describe('frames that do not decode close the session with a reason', () => {
  it('random garbage bytes: 4401 "protocol error" (or 4400 "please reload" when the first varuint reads as another version), with the decoder\'s reason', async () => {
    const docId = await seedDocument()
    const before = await documentState(docId)
    for (let seed = 1; seed <= 12; seed++) {
      const random = prng(seed)
      const garbage = Uint8Array.from({ length: 1 + Math.floor(random() * 600) }, () =>
        Math.floor(random() * 256),
      )
      // half the frames carry our version so the decoder gets past FRAME-1 into the messages
      if (seed % 2 === 0) garbage[0] = PROTOCOL_VERSION
      const expected = decodeClientFrame(garbage)
      expect(expected.ok, `seed ${seed}`).toBe(false)
      const session = await RawSession.open(harness.url)
      session.send(garbage)
      const { closed, error } = await refusal(session)
      if (!expected.ok && expected.error.code === 'unsupported_version') {
        expect(closed, `seed ${seed}`).toEqual({
          code: CLOSE_CODES.unsupported_version,
          reason: expect.stringContaining('please reload'),
        })
        expect(error?.code, `seed ${seed}`).toBe('unsupported_version')
      } else {
        expect(closed.code, `seed ${seed}`).toBe(CLOSE_CODES.protocol_error)
        expect(error, `seed ${seed}`).toMatchObject({ code: 'protocol_error', fatal: true })
        expect(closed.reason.length, `seed ${seed}`).toBeGreaterThan(0)
        expect(error?.message.startsWith(closed.reason), `seed ${seed}`).toBe(true)
      }
    }
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('garbage from a joined session closes it with 4401 and it leaves the room', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    session.send(bytes(PROTOCOL_VERSION, TAG.ops!, 3, 0xff, 0xfe, 0x00, 0x13, 0x37))
    const { closed, error } = await refusal(session)
    expect(closed.code).toBe(CLOSE_CODES.protocol_error)
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    expect(room(docId).members.has(session.welcome!.session)).toBe(false)
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('a truncated valid ops frame: 4401 with "truncated"-kind reason, and no op of it applies', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    const frame = encodeClientFrame([
      { type: 'ops', envelopes: [session.envelope(insertOp()), session.envelope(insertOp())] },
    ])
    session.send(frame.subarray(0, frame.length - 7))
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.protocol_error,
      reason: expect.stringMatching(/ends inside|bytes left|cannot fit/),
    })
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('a frame with an unknown message type tag: 4401 "unknown message tag 42"', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    session.send(bytes(PROTOCOL_VERSION, 42, 0, 0, 0))
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({ code: CLOSE_CODES.protocol_error, reason: 'unknown message tag 42' })
    expect(error).toMatchObject({ code: 'protocol_error', message: 'unknown message tag 42' })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it.each([
    {
      field: 'a block id that is not an id',
      frame: (s: RawSession) =>
        encodeClientMessage({
          type: 'ops',
          envelopes: [
            s.envelope({ kind: 'set_property', block: 'not a block id!', key: 'x', value: 1 }),
          ],
        }),
      reason: /must match/,
    },
    {
      field: 'a flag byte that is neither 0 nor 1',
      frame: () => {
        const frame = encodeClientMessage({
          type: 'cursor',
          block: 'abc',
          anchor: bytes(1, str(TEXT_NAME)),
        })
        frame[frame.length - 1] = 7 // the `head` optional flag
        return frame
      },
      reason: /flag byte must be 0 or 1/,
    },
    {
      field: 'a number in the "type" register',
      frame: (s: RawSession) =>
        encodeClientMessage({
          type: 'ops',
          envelopes: [s.envelope({ kind: 'set_property', block: 'abc', key: 'type', value: 3 })],
        }),
      reason: /"type" register holds a block type/,
    },
    {
      field: 'a string where a varuint is due (ping.t)',
      frame: () => bytes(PROTOCOL_VERSION, TAG.ping!, str('12:00')),
      // the length prefix reads as `t`, and the first character as the next message tag
      reason: /^unknown message tag 49$/,
    },
  ])("wrong field types — $field: 4401 with the field's problem", async ({ frame, reason }) => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    session.send(frame(session))
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.protocol_error,
      reason: expect.stringMatching(reason),
    })
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('a text (non-binary) frame: 4401 "text frames are not part of the protocol"', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    session.send('{"type":"ops","envelopes":[]}')
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.protocol_error,
      reason: 'text frames are not part of the protocol',
    })
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('VERSION-1: a frame of another protocol version closes with 4400 "please reload"', async () => {
    const docId = await seedDocument()
    const before = await documentState(docId)
    const hello = encodeClientMessage({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      docId,
      replica: 7,
    })
    hello[0] = PROTOCOL_VERSION + 1
    const session = await RawSession.open(harness.url)
    session.send(hello)
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.unsupported_version,
      reason: expect.stringContaining('please reload'),
    })
    expect(error).toMatchObject({ code: 'unsupported_version', fatal: true })
    expect(session.welcome).toBeUndefined()
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('VERSION-1: a hello announcing another protocol inside a current frame closes with 4400 "please reload"', async () => {
    const docId = await seedDocument()
    const before = await documentState(docId)
    const session = await RawSession.open(harness.url)
    session.hello(docId, { protocol: PROTOCOL_VERSION + 1 })
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.unsupported_version,
      reason: expect.stringContaining('please reload'),
    })
    expect(error).toMatchObject({ code: 'unsupported_version', fatal: true })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('FRAME-2: a frame over maxFrameBytes is closed by the WebSocket layer with 1009 "message too big"', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const member = session.welcome!.session
    const before = await documentState(docId)
    const oversized = new Uint8Array(PROTOCOL_LIMITS.maxFrameBytes + 1)
    oversized[0] = PROTOCOL_VERSION
    session.send(oversized)
    const closed = await session.closed()
    // RFC 6455 §7.4.1: 1009 is "a message that is too big for it to process"; ws sends no
    // reason text, and nothing of the frame was read (so no `error` message either)
    expect(closed.code).toBe(1009)
    await until(() => !room(docId).members.has(member), 5000, 'the session to leave')
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })
})

// ------------------------------------------------------------------ the session's life

describe('the session handshake', () => {
  it('a non-hello first message: 4401 "the first message must be hello"', async () => {
    const docId = await seedDocument()
    const before = await documentState(docId)
    const session = await RawSession.open(harness.url)
    session.sendMessage({ type: 'ping', t: 1 })
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.protocol_error,
      reason: 'the first message must be hello',
    })
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('ops before any hello are refused the same way and never applied', async () => {
    const docId = await seedDocument()
    const before = await documentState(docId)
    const session = await RawSession.open(harness.url)
    const hlc = { ms: Date.now(), counter: 0, replica: 99 }
    session.sendMessage({
      type: 'ops',
      envelopes: [
        {
          id: hlcToString(hlc),
          hlc,
          user: 'nobody',
          session: 'none',
          origin: { kind: 'user' },
          op: insertOp(),
        },
      ],
    })
    const { closed } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.protocol_error,
      reason: 'the first message must be hello',
    })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('a connection that never says hello is closed after 10 s with 4401 "no hello within 10 s"', async () => {
    const docId = await seedDocument()
    const before = await documentState(docId)
    const session = await RawSession.open(harness.url)
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({ code: CLOSE_CODES.protocol_error, reason: 'no hello within 10 s' })
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  }, 20_000)

  it('hello twice: 4401 "hello sent twice"', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    session.hello(docId)
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({ code: CLOSE_CODES.protocol_error, reason: 'hello sent twice' })
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('two hellos in the first frame: welcome, then 4401 "hello sent twice"', async () => {
    const docId = await seedDocument()
    const before = await documentState(docId)
    const session = await RawSession.open(harness.url)
    const hello = { type: 'hello', protocol: PROTOCOL_VERSION, docId, replica: 5 } as const
    session.sendMessage(hello, hello)
    const { closed } = await refusal(session)
    expect(closed).toEqual({ code: CLOSE_CODES.protocol_error, reason: 'hello sent twice' })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('viewport boundary: 2,000 blocks are answered with `subscribed`, 2,001 close with 4401 limit_exceeded', async () => {
    const docId = await seedDocument()
    const before = await documentState(docId)
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `block${i}`)
    const atLimit = await RawSession.join(harness.url, docId)
    atLimit.sendMessage({ type: 'viewport', blocks: ids(PROTOCOL_LIMITS.maxViewportBlocks) })
    await atLimit.next((m) => m.type === 'subscribed', 'subscribed')
    expect(atLimit.isOpen).toBe(true)

    const overLimit = await RawSession.join(harness.url, docId)
    // the encoder writes what it is given; the server's decoder is the one to refuse it
    overLimit.sendMessage({ type: 'viewport', blocks: ids(PROTOCOL_LIMITS.maxViewportBlocks + 1) })
    const { closed, error } = await refusal(overLimit)
    expect(closed).toEqual({
      code: CLOSE_CODES.protocol_error,
      reason: 'count 2001 exceeds maxViewportBlocks (2000)',
    })
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('a catch_up_request for unknown partitions is answered with an empty, finished catch_up', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    session.sendMessage({
      type: 'catch_up_request',
      partitions: [
        { partition: 'no-such-partition', sinceSeq: 0 },
        { partition: 'another_one', sinceSeq: 12345 },
      ],
    })
    const answers = async (partition: string) =>
      session.next(
        (m): m is Extract<typeof m, { type: 'catch_up' }> =>
          m.type === 'catch_up' && m.partition === partition,
        `catch_up for ${partition}`,
      )
    for (const partition of ['no-such-partition', 'another_one'])
      expect(await answers(partition)).toMatchObject({
        content: { kind: 'blocks', blocks: [] },
        done: true,
      })
    session.sendMessage({ type: 'ping', t: 42 })
    await session.next((m) => m.type === 'pong', 'pong')
    expect(session.errors()).toEqual([])
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })
})

// ------------------------------------------------------------------ who may enter

describe('hello with a bad token or document id', () => {
  const user = { userId: 'tester', name: 'Tester' } as const
  it.each([
    { token: async () => 'not-a-jwt', reason: 'malformed token', code: 'unauthorized' },
    {
      token: () =>
        createTokenAuthority({ secret: 'someone-else-secret-0123456789abcdef' }).issue({
          ...user,
          perms: { '*': ['doc:write'] },
        }),
      reason: 'invalid token signature',
      code: 'unauthorized',
    },
    {
      token: () =>
        createTokenAuthority({ secret: SECRET, now: () => Date.now() - 2 * 3600_000 }).issue({
          ...user,
          perms: { '*': ['doc:write'] },
          expiresInSeconds: 60,
        }),
      reason: 'token expired',
      code: 'unauthorized',
    },
    {
      token: () =>
        harness.app.markdownsync.auth.issue({
          ...user,
          perms: { 'some-other-doc': ['doc:write'] },
        }),
      reason: 'token has no access to document',
      code: 'forbidden',
    },
  ])('$reason: 4403 with that reason, and no welcome', async ({ token, reason, code }) => {
    const docId = await seedDocument()
    const before = await documentState(docId)
    const session = await RawSession.open(harness.url)
    session.hello(docId, { token: await token() })
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.unauthorized,
      reason: expect.stringContaining(reason),
    })
    expect(error).toMatchObject({ code, fatal: true })
    expect(session.welcome).toBeUndefined()
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('a document id with control characters fails to decode: 4401 naming the rule', async () => {
    const docId = await seedDocument()
    const before = await documentState(docId)
    const session = await RawSession.open(harness.url)
    session.hello('doc\u0001one')
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.protocol_error,
      reason: expect.stringContaining('without control characters'),
    })
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it.each([
    ['spaces and slashes', 'my doc/../etc'],
    ['non-ASCII characters', 'é'.repeat(60)],
    ['a leading dot', '.hidden'],
  ])(
    'a document id with %s is refused with 4404 "invalid document id", and no document is created',
    async (_, bad) => {
      const session = await RawSession.open(harness.url)
      session.hello(bad)
      const { closed, error } = await refusal(session)
      expect(closed).toEqual({
        code: CLOSE_CODES.not_found,
        reason: expect.stringContaining('invalid document id'),
      })
      expect(error).toMatchObject({ code: 'not_found', fatal: true })
      expect(await harness.storage.getDocument(bad)).toBeUndefined()
      await expectServing(await seedDocument())
    },
  )

  it('a reason quoting non-ASCII input is cut to the 123 bytes a close frame holds: the client still gets 4401 and the reason', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    session.sendMessage({ type: 'viewport', blocks: ['é'.repeat(60)] })
    const { closed, error } = await refusal(session)
    expect(closed.code).toBe(CLOSE_CODES.protocol_error)
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123)
    expect(closed.reason).toMatch(/^"éé/)
    expect(error?.message).toMatch(/must match/)
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })
})

// ------------------------------------------------------------------ ops the pipeline refuses

describe('durable ops the pipeline refuses or treats specially', () => {
  it('an oversized Yjs update in edit_text: 4401 limit_exceeded on maxYjsUpdateBytes', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const { first } = blocksOf(docId)
    const before = await documentState(docId)
    const update = yjsInsert(session.welcome!.replica, 0, 'x'.repeat(300_000))
    session.sendMessage({
      type: 'ops',
      envelopes: [session.envelope({ kind: 'edit_text', block: first, update })],
    })
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.protocol_error,
      reason: expect.stringMatching(/exceeds maxYjsUpdateBytes \(262144\)/),
    })
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it.each([
    {
      bomb: '30 million structs in a few bytes',
      update: (client: number) => bytes(1, varuint(30_000_000), varuint(client), 0, 4),
      reason: /structs exceed maxYjsStructs/,
    },
    {
      bomb: 'a billion clients',
      update: () => bytes(varuint(1_000_000_000), 1, 2, 3),
      reason: /clients exceed maxYjsClients/,
    },
    {
      bomb: '100 million delete ranges',
      update: (client: number) => bytes(0, 1, varuint(client), varuint(100_000_000), 0, 1),
      reason: /delete ranges exceed maxYjsDeleteRanges/,
    },
    {
      bomb: 'a string declaring 2^40 bytes',
      update: (client: number) =>
        bytes(1, 1, varuint(client), 0, 4, 1, str(TEXT_NAME), varuint(2 ** 40), 0x61),
      reason: /ends inside|bytes left/,
    },
  ])('YJS-2 update bomb ($bomb): 4401 before Yjs reads it', async ({ update, reason }) => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const { first } = blocksOf(docId)
    const before = await documentState(docId)
    const heapBefore = process.memoryUsage().heapUsed
    session.sendMessage({
      type: 'ops',
      envelopes: [
        session.envelope({
          kind: 'edit_text',
          block: first,
          update: update(session.welcome!.replica),
        }),
      ],
    })
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.protocol_error,
      reason: expect.stringMatching(reason),
    })
    expect(error).toMatchObject({ code: 'protocol_error', fatal: true })
    // nothing was allocated from the declared counts (a generous bound: 64 MB)
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024)
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('MOVE-1: a cycle-forming move is sequenced, acknowledged, and reported to its author as `cycle`; the tree does not change', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const outer = session.envelope(insertOp())
    const inner = session.envelope({
      kind: 'insert_block',
      block: newBlockId(),
      parent: outer.op.kind === 'insert_block' ? outer.op.block : '',
      key: positionBetween(null, null),
      blockType: 'paragraph',
    })
    session.sendMessage({ type: 'ops', envelopes: [outer, inner] })
    await until(() => session.acks().length === 2, 10_000, 'acks of the setup')
    const before = await documentState(docId)
    const outerId = (outer.op as { block: string }).block
    const innerId = (inner.op as { block: string }).block
    const move = session.envelope({
      kind: 'move_block',
      block: outerId,
      parent: innerId,
      key: positionBetween(null, null),
      prev: outer.id,
    })
    session.sendMessage({ type: 'ops', envelopes: [move] })
    await until(() => session.acks().some((a) => a.opId === move.id), 10_000, 'the ack')
    expect(session.rejects()).toEqual([
      { type: 'reject', opId: move.id, code: 'cycle', reason: expect.any(String) },
    ])
    const after = await documentState(docId)
    expect(after.markdown).toBe(before.markdown)
    expect(after.seq).toBe(before.seq + 1) // kept in the log: an older op may make it valid
    expect(room(docId).replica.parent(outerId)).toBe(ROOT_ID)
    await expectServing(docId)
  })

  it('CREATE-2: an op naming a block the document never had waits outside the sequence, then is refused with `missing_dependency`', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    const ops = [
      session.envelope({ kind: 'set_property', block: 'neverExisted', key: 'level', value: 2 }),
      session.envelope({
        kind: 'edit_text',
        block: 'neverExisted2',
        update: yjsInsert(session.welcome!.replica, 0, 'hi'),
      }),
      session.envelope({ ...insertOp(), parent: 'noSuchParent' } as DurableOp),
    ]
    session.sendMessage({ type: 'ops', envelopes: ops })
    // the block may still come (re-sent by its author after a crash); it waits 30 s at most
    expect(await documentState(docId)).toEqual(before)
    await until(() => session.rejects().length === 3, 40_000, 'three rejects')
    expect(session.rejects().map((r) => [r.opId, r.code])).toEqual(
      ops.map((o) => [o.id, 'missing_dependency']),
    )
    expect(session.acks()).toEqual([])
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  }, 60_000)

  it('an edit of a deleted block is accepted as a CRDT edit (kept in the trash, restorable) and the export does not change', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const { first } = blocksOf(docId)
    const remove = session.envelope({
      kind: 'delete_block',
      block: first,
      prev: room(docId).replica.moveRegister(first),
    })
    session.sendMessage({ type: 'ops', envelopes: [remove] })
    await until(() => session.acks().length === 1, 10_000, 'the delete')
    const before = await documentState(docId)
    expect(before.markdown).not.toContain('First paragraph')
    const edit = session.envelope({
      kind: 'edit_text',
      block: first,
      update: yjsInsert(session.welcome!.replica, 0, 'typed into the trash '),
    })
    session.sendMessage({ type: 'ops', envelopes: [edit] })
    await until(() => session.acks().some((a) => a.opId === edit.id), 10_000, 'the ack')
    expect(session.rejects()).toEqual([])
    const after = await documentState(docId)
    expect(after.markdown).toBe(before.markdown)
    expect(after.seq).toBe(before.seq + 1)
    // both texts are kept (where Yjs puts an item without origin depends on client ids)
    expect(room(docId).replica.text(first)).toContain('typed into the trash')
    expect(room(docId).replica.text(first)).toContain('First paragraph')
    await expectServing(docId)
  })

  it('an op id that does not match its HLC cannot be sent: the wire carries only the stamp, and the server names the op by it', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    const honest = session.envelope(insertOp())
    const forged: Envelope = { ...honest, id: 'ffffffffffffffffffffffff' }
    expect(() => encodeClientMessage({ type: 'ops', envelopes: [forged] })).toThrow(
      /id is not its HLC/,
    )
    // the bytes of the forged envelope minus its id are the honest envelope's bytes
    session.sendMessage({ type: 'ops', envelopes: [honest] })
    await until(() => session.acks().length === 1, 10_000, 'the ack')
    expect(session.acks()).toEqual([{ opId: honest.id, seq: before.seq + 1 }])
    const history = await harness.app.inject({
      method: 'GET',
      url: `/v1/documents/${docId}/history?limit=1`,
    })
    expect(history.json().entries[0].opId).toBe(honest.id)
    await expectServing(docId)
  })

  it.each([
    {
      what: 'an op claiming another user',
      forge: (s: RawSession) => s.envelope(insertOp(), { user: 'someone-else' }),
      code: 'invalid_op',
      reason: /another user/,
    },
    {
      what: 'an op stamped 10 minutes in the future (HLC-3)',
      forge: (s: RawSession) => {
        const hlc = { ms: Date.now() + 600_000, counter: 0, replica: s.welcome!.replica }
        return s.envelope(insertOp(), { hlc, id: hlcToString(hlc) })
      },
      code: 'clock_drift',
      reason: /too far in the future/,
    },
    {
      what: "an op with replica id 0 (the server's own)",
      forge: (s: RawSession) => {
        const hlc = { ms: Date.now(), counter: 0, replica: 0 }
        return s.envelope(insertOp(), { hlc, id: hlcToString(hlc) })
      },
      code: 'invalid_op',
      reason: /replica 0/,
    },
    {
      what: "an op with another writer's replica id (SEQ-2)",
      forge: (s: RawSession, other: number) => {
        const hlc = { ms: Date.now(), counter: 0, replica: other }
        return s.envelope(insertOp(), { hlc, id: hlcToString(hlc) })
      },
      code: 'invalid_op',
      reason: /belongs to another writer/,
    },
  ])('$what is rejected with `$code`', async ({ forge, code, reason }) => {
    const docId = await seedDocument()
    const victim = await RawSession.join(harness.url, docId)
    const claim = victim.envelope(insertOp())
    victim.sendMessage({ type: 'ops', envelopes: [claim] })
    await until(() => victim.acks().length === 1, 10_000, "the other writer's op")
    const session = await RawSession.join(harness.url, docId)
    const before = await documentState(docId)
    const op = forge(session, victim.welcome!.replica)
    session.sendMessage({ type: 'ops', envelopes: [op] })
    await until(() => session.rejects().length === 1, 10_000, 'the reject')
    expect(session.rejects()[0]).toEqual({
      type: 'reject',
      opId: op.id,
      code,
      reason: expect.stringMatching(reason),
    })
    expect(session.isOpen).toBe(true)
    expect(await documentState(docId)).toEqual(before)
    await expectServing(docId)
  })

  it('SEQ-3: a re-sent op is applied once and every copy is acknowledged with the same seq, across a reconnect', async () => {
    const docId = await seedDocument()
    const token = await harness.app.markdownsync.auth.issue({
      userId: 'resender',
      name: 'Resender',
      perms: { [docId]: ['doc:write'] },
    })
    const first = await RawSession.join(harness.url, docId, { token, replica: 4242 })
    const { heading } = blocksOf(docId)
    const before = await documentState(docId)
    const op = first.envelope({ kind: 'set_property', block: heading, key: 'level', value: 2 })
    first.sendMessage({ type: 'ops', envelopes: [op, op] })
    first.sendMessage({ type: 'ops', envelopes: [op] })
    await until(() => first.acks().length === 3, 10_000, 'three acks')
    first.terminate()
    await first.closed()
    const again = await RawSession.join(harness.url, docId, { token, replica: 4242 })
    again.sendMessage({ type: 'ops', envelopes: [op] })
    await until(() => again.acks().length === 1, 10_000, 'the ack after reconnect')
    const seq = before.seq + 1
    expect(first.acks()).toEqual([
      { opId: op.id, seq },
      { opId: op.id, seq },
      { opId: op.id, seq },
    ])
    expect(again.acks()).toEqual([{ opId: op.id, seq }])
    const after = await documentState(docId)
    expect(after.seq).toBe(seq)
    expect(after.markdown).toBe(before.markdown.replace('# Title', '## Title'))
    await expectServing(docId)
  })
})

// ------------------------------------------------------------------ floods

describe('floods are rate limited, then closed', () => {
  it('an ops flood: ops beyond the budget are rejected `rate_limited` (with a retry hint) and never applied; persistent flooding closes with 4429', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId, {}, { keep: (m) => m.type !== 'ops' })
    const { first } = blocksOf(docId)
    const before = await documentState(docId)
    const batch = () =>
      Array.from({ length: PROTOCOL_LIMITS.maxOpsPerBatch }, (_, i) =>
        session.envelope({ kind: 'set_property', block: first, key: 'n', value: i }),
      )
    let sent = 0
    const send = async (): Promise<void> => {
      session.sendMessage({ type: 'ops', envelopes: batch() })
      sent += PROTOCOL_LIMITS.maxOpsPerBatch
      await until(
        () => session.socket.bufferedAmount === 0 || session.closedWith !== undefined,
        10_000,
        'the frame to go out',
      )
    }
    // the burst holds 1,000 ops: the third batch of 500 is over it
    for (let i = 0; i < 3; i++) await send()
    await until(
      () => session.rejects().length === PROTOCOL_LIMITS.maxOpsPerBatch,
      10_000,
      'the rejects of the third batch',
    )
    expect(session.rejects().every((r) => r.code === 'rate_limited')).toBe(true)
    expect(session.errors()).toEqual([
      {
        type: 'error',
        code: 'rate_limited',
        message: 'too many ops messages',
        fatal: false,
        retryAfterMs: expect.any(Number),
      },
    ])
    expect(session.isOpen).toBe(true)
    // the first two batches are acknowledged once committed (by the PGlite thread)
    await until(
      () => session.acks().length >= 2 * PROTOCOL_LIMITS.maxOpsPerBatch,
      10_000,
      'the acks of the first two batches',
    )

    while (session.closedWith === undefined) await send()
    const { closed, error } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.rate_limited,
      reason: 'too many messages; slow down',
    })
    expect(error).toMatchObject({ code: 'rate_limited', fatal: true })

    await until(() => room(docId).committedSeq === room(docId).seq, 10_000, 'the log to commit')
    const limited = session.rejects().map((r) => r.opId)
    expect((await harness.storage.findOps(docId, limited)).size).toBe(0)
    const acked = session.acks().length
    expect(acked).toBeGreaterThanOrEqual(2 * PROTOCOL_LIMITS.maxOpsPerBatch)
    const after = await documentState(docId)
    // only what was within the budget entered the document: everything acknowledged, nothing
    // refused (acks of ops admitted just before the close may not have gone out)
    expect(after.seq - before.seq).toBeGreaterThanOrEqual(acked)
    expect(after.seq - before.seq).toBeLessThanOrEqual(sent - limited.length)
    await expectServing(docId)
  }, 60_000)

  it('a flood cannot dodge the close by mixing in messages of another kind that are allowed: 4429 after 50 refused ops messages', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId, {}, { keep: (m) => m.type !== 'ops' })
    const { first } = blocksOf(docId)
    const before = await documentState(docId)
    const send = async (): Promise<void> => {
      session.sendMessage({
        type: 'ops',
        envelopes: Array.from({ length: PROTOCOL_LIMITS.maxOpsPerBatch }, () =>
          session.envelope({ kind: 'set_property', block: first, key: 'n', value: 1 }),
        ),
      })
      await until(
        () => session.socket.bufferedAmount === 0 || session.closedWith !== undefined,
        10_000,
        'the frame to go out',
      )
    }
    for (let i = 0; i < 2; i++) await send() // the burst
    await until(() => session.acks().length === 1000, 10_000, 'the burst to be acknowledged')
    for (let i = 0; i < 120 && session.closedWith === undefined; i++) {
      await send()
      // well within the viewport budget (20 at once, 10 a second)
      if (i % 10 === 0) session.sendMessage({ type: 'viewport', blocks: [first] })
    }
    await until(() => session.closedWith !== undefined, 10_000, 'the close')
    const { closed } = await refusal(session)
    expect(closed).toEqual({
      code: CLOSE_CODES.rate_limited,
      reason: 'too many messages; slow down',
    })
    expect((await documentState(docId)).seq).toBe(before.seq + 1000)
    await expectServing(docId)
  }, 60_000)

  it('a presence and cursor flood: a `rate_limited` warning per refused message, 4429 when it goes on; others keep the last allowed presence', async () => {
    const docId = await seedDocument()
    const observer = await harness.client(docId)
    const flooder = await RawSession.join(harness.url, docId)
    const me = flooder.welcome!.session
    const { first } = blocksOf(docId)
    const before = await documentState(docId)
    const anchor = bytes(1, str(TEXT_NAME))
    const flood = (count: number) =>
      Array.from({ length: count }, (_, n) =>
        n % 2 === 0
          ? ({ type: 'presence', data: { n } } as const)
          : ({ type: 'cursor', block: first, anchor } as const),
      )
    // presence and cursors share one bucket of 60: the last 10 of these 70 are refused
    flooder.sendMessage(...flood(70))
    await until(() => flooder.errors().length === 10, 10_000, 'ten warnings')
    expect(
      flooder.errors().every((e) => e.code === 'rate_limited' && !e.fatal && e.retryAfterMs! > 0),
    ).toBe(true)
    const presenceOf = (m: (typeof observer.received)[number]) =>
      m.type === 'presence_diff'
        ? [...m.joined, ...m.updated].filter((e) => e.session === me).map((e) => e.presence)
        : []
    await until(
      () => observer.received.flatMap(presenceOf).some((p) => (p as { n?: number })?.n === 58),
      10_000,
      'the last allowed presence',
    )
    expect(flooder.isOpen).toBe(true)

    flooder.sendMessage(...flood(200))
    const { closed, error } = await refusal(flooder)
    expect(closed).toEqual({
      code: CLOSE_CODES.rate_limited,
      reason: 'too many messages; slow down',
    })
    expect(error).toMatchObject({ code: 'rate_limited', fatal: true })
    await until(
      () => observer.received.some((m) => m.type === 'presence_diff' && m.left.includes(me)),
      10_000,
      'the flooder to leave',
    )
    expect(observer.isOpen).toBe(true)
    expect(await documentState(docId)).toEqual(before)
    await observer.close()
    await expectServing(docId)
  })
})

// ------------------------------------------------------------------ memory

describe('what the server keeps of a frame', () => {
  it('an op kept for resuming sessions does not pin the whole frame it came in', async () => {
    const docId = await seedDocument()
    const session = await RawSession.join(harness.url, docId, {}, { keep: (m) => m.type !== 'ops' })
    const { first } = blocksOf(docId)
    const padding = 'p'.repeat(240_000)
    const frames = 150
    const baseline = await retainedMemory()
    for (let i = 0; i < frames; i++) {
      // one small edit the room keeps (recent ops), three big ones it refuses (HLC-3)
      const future = { ms: Date.now() + 3_600_000, counter: i, replica: session.welcome!.replica }
      session.sendMessage({
        type: 'ops',
        envelopes: [
          session.envelope({
            kind: 'edit_text',
            block: first,
            update: yjsInsert(session.welcome!.replica, i, 'a'),
          }),
          ...[0, 1, 2].map((k) =>
            session.envelope(
              {
                kind: 'edit_text',
                block: first,
                update: yjsInsert(session.welcome!.replica, k, padding),
              },
              {
                hlc: { ...future, counter: i * 3 + k },
                id: hlcToString({ ...future, counter: i * 3 + k }),
              },
            ),
          ),
        ],
      })
      await until(() => session.socket.bufferedAmount === 0, 10_000, 'the frame to go out')
    }
    await until(() => session.acks().length === frames, 10_000, 'the small ops')
    expect(session.rejects().filter((r) => r.code === 'clock_drift')).toHaveLength(3 * frames)
    // 150 frames of 720 kB went in; what stays is 150 one-character edits
    expect((await retainedMemory()) - baseline).toBeLessThan(32 * 1024 * 1024)
    session.terminate()
    await expectServing(docId)
  }, 60_000)
})

// ------------------------------------------------------------------ slow readers

describe('a client that never reads', () => {
  it('is held back, marked lagging, then closed with 4429 "the client stopped reading" when it does not drain, while writers go on and memory stays bounded', async () => {
    // on disk: in memory, PGlite's files are array buffers too, and the op log grows with
    // every op written; that is storage, not what the sessions hold
    const dataDir = await mkdtemp(join(tmpdir(), 'markdownsync-slow-reader-'))
    const storage = await openPgliteStorage({ dataDir })
    const server = await startServer({ dev: true, storage, limits: { maxLaggingMs: 2_000 } })
    try {
      const docId = 'slow-reader'
      const created = await server.app.inject({
        method: 'POST',
        url: '/v1/documents',
        payload: { id: docId, markdown: 'A paragraph\n' },
      })
      expect(created.statusCode).toBe(201)
      const stalled = await RawSession.join(
        server.url,
        docId,
        {},
        { keep: (m) => m.type !== 'ops' },
      )
      stalled.sendMessage({ type: 'viewport', blocks: [ROOT_ID] })
      await stalled.next((m) => m.type === 'subscribed', 'subscribed')
      const documentRoom = server.app.markdownsync.rooms.get(docId)!
      const member = documentRoom.members.get(stalled.welcome!.session)!
      const [block] = documentRoom.replica.children(ROOT_ID)
      const markdownBefore = (
        await server.app.inject({ method: 'GET', url: `/v1/documents/${docId}/markdown` })
      ).body
      stalled.socket.pause()

      // writers see no partition, so the stalled session is the only one their text goes to
      const writers = await Promise.all(
        [0, 1].map(() => RawSession.join(server.url, docId, {}, { keep: (m) => m.type !== 'ops' })),
      )
      const baseline = await retainedMemory()
      let peak = baseline
      let peakBuffered = 0
      const sample = async (round: number): Promise<void> => {
        peakBuffered = Math.max(peakBuffered, member.outbound.socketBuffered)
        if (round % 25 === 0) peak = Math.max(peak, await retainedMemory())
      }
      // each round inserts 250 kB and deletes it again: the document stays small, the
      // traffic to the stalled session does not
      const text = 'x'.repeat(250_000)
      const rounds = 450
      let written = 0
      for (let round = 0; round < rounds; round++) {
        for (const writer of writers) {
          const client = writer.welcome!.replica
          const clock = round * text.length
          writer.sendMessage({
            type: 'ops',
            envelopes: [
              writer.envelope({
                kind: 'edit_text',
                block: block!,
                update: yjsInsert(client, clock, text),
              }),
              writer.envelope({
                kind: 'edit_text',
                block: block!,
                update: yjsDelete(client, clock, text.length),
              }),
            ],
          })
          written += text.length
        }
        // at the pace the op log commits, as a client waiting for its acks would
        await until(
          () => writers.every((w) => w.acks().length >= 2 * (round + 1) - 20),
          30_000,
          'the writers to be acknowledged',
        )
        await sample(round)
        // let go by the server: read again, so its close frame (behind the backlog) arrives
        // before the server's close handshake times out
        if (!documentRoom.members.has(member.id) && stalled.socket.isPaused) stalled.socket.resume()
      }
      await until(() => writers.every((w) => w.acks().length === 2 * rounds), 30_000, 'every ack')
      await sample(0)
      expect(writers.every((w) => w.rejects().length === 0 && w.isOpen)).toBe(true)
      expect(written).toBeGreaterThan(200 * 1024 * 1024)
      // the stalled session was let go, never fed without limit
      expect(documentRoom.members.has(member.id)).toBe(false)
      const { limits } = server.app.markdownsync.options
      expect(peakBuffered).toBeLessThanOrEqual(limits.maxSocketBufferBytes + limits.maxQueuedBytes)
      expect(peak - baseline).toBeLessThan(200 * 1024 * 1024)

      expect(await stalled.closed()).toEqual({
        code: CLOSE_CODES.rate_limited,
        reason: 'the client stopped reading',
      })
      const markdownAfter = (
        await server.app.inject({ method: 'GET', url: `/v1/documents/${docId}/markdown` })
      ).body
      expect(markdownAfter).toBe(markdownBefore)
      const reader = await server.client(docId)
      expect(reader.doc.text(block!)).toBe('A paragraph')
      await reader.close()
    } finally {
      await server.close()
      await storage.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 180_000)
})
