import { describe, expect, it } from 'vitest'
import { DURABLE_OP_KINDS } from '../../src/ops.js'
import {
  decodeClientFrame,
  decodeClientMessage,
  decodeEnvelope,
  decodeServerFrame,
  decodeServerMessage,
  encodeClientFrame,
  encodeClientMessage,
  encodeEnvelope,
  encodeServerFrame,
  encodeServerMessage,
  joinFrames,
} from '../../src/protocol/index.js'
import { CLIENT_MESSAGE_SCHEMA, SERVER_MESSAGE_SCHEMA } from '../../src/protocol/schema.js'
import { CLIENT_MESSAGES, ENVELOPES, OPS, SERVER_MESSAGES, SNAPSHOT_CATCH_UP } from './fixtures.js'
import { createPrng, testSeed } from './prng.js'
import { randomClientMessage, randomEnvelope, randomServerMessage } from './random-messages.js'

describe('every message survives encode → decode unchanged', () => {
  it('the fixtures cover every message type and every durable op kind', () => {
    expect(Object.keys(CLIENT_MESSAGES).sort()).toEqual(
      Object.keys(CLIENT_MESSAGE_SCHEMA.variants).sort(),
    )
    expect(Object.keys(SERVER_MESSAGES).sort()).toEqual(
      Object.keys(SERVER_MESSAGE_SCHEMA.variants).sort(),
    )
    expect(Object.keys(OPS).sort()).toEqual([...DURABLE_OP_KINDS].sort())
  })

  it.each(Object.values(CLIENT_MESSAGES).map((m) => [m.type, m] as const))(
    'client %s',
    (_, message) => {
      expect(decodeClientMessage(encodeClientMessage(message))).toEqual({
        ok: true,
        value: message,
      })
    },
  )

  it.each([...Object.values(SERVER_MESSAGES), SNAPSHOT_CATCH_UP].map((m) => [m.type, m] as const))(
    'server %s',
    (_, message) => {
      expect(decodeServerMessage(encodeServerMessage(message))).toEqual({
        ok: true,
        value: message,
      })
    },
  )

  it.each(ENVELOPES.map((e) => [e.op.kind, e] as const))(
    'envelope record with %s (storage form)',
    (_, envelope) => {
      expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual({ ok: true, value: envelope })
    },
  )

  it('an envelope carries its op id as the 12 HLC bytes only: the decoded id is derived', () => {
    const [envelope] = ENVELOPES
    const bytes = encodeEnvelope(envelope!)
    const text = new TextDecoder().decode(bytes)
    expect(text).not.toContain(envelope!.id)
    expect(decodeEnvelope(bytes)).toMatchObject({ ok: true, value: { id: envelope!.id } })
  })

  it('YJS-1: Yjs bytes travel raw: the update appears verbatim inside the frame', () => {
    const frame = encodeClientMessage(CLIENT_MESSAGES.ops)
    const update = OPS.edit_text.kind === 'edit_text' ? OPS.edit_text.update : new Uint8Array()
    expect(Buffer.from(frame).includes(Buffer.from(update))).toBe(true)
  })

  it('decoded byte fields are copies, not views into the frame', () => {
    const frame = encodeClientMessage(CLIENT_MESSAGES.cursor)
    const decoded = decodeClientMessage(frame)
    if (!decoded.ok || decoded.value.type !== 'cursor') throw new Error('expected a cursor')
    expect(decoded.value.anchor.buffer).not.toBe(frame.buffer)
  })
})

describe('frames', () => {
  it('a frame holds several messages in order', () => {
    const messages = [SERVER_MESSAGES.ack, SERVER_MESSAGES.cursor_batch, SERVER_MESSAGES.ops]
    expect(decodeServerFrame(encodeServerFrame(messages))).toEqual({ ok: true, value: messages })
    const clientMessages = [CLIENT_MESSAGES.cursor, CLIENT_MESSAGES.ping]
    expect(decodeClientFrame(encodeClientFrame(clientMessages))).toEqual({
      ok: true,
      value: clientMessages,
    })
  })

  it('joinFrames batches messages encoded once into one frame', () => {
    const frames = [SERVER_MESSAGES.ops, SERVER_MESSAGES.presence_diff].map(encodeServerMessage)
    expect(decodeServerFrame(joinFrames(frames))).toEqual({
      ok: true,
      value: [SERVER_MESSAGES.ops, SERVER_MESSAGES.presence_diff],
    })
  })

  it('decodeServerMessage refuses a frame with two messages (trailing_bytes)', () => {
    const frame = encodeServerFrame([SERVER_MESSAGES.pong, SERVER_MESSAGES.pong])
    expect(decodeServerMessage(frame)).toMatchObject({
      ok: false,
      error: { code: 'trailing_bytes' },
    })
  })
})

describe('random valid messages round-trip (seeded)', () => {
  const seed = testSeed()
  it('1,000 random client messages, server messages and envelopes (seeded; the seed prints on failure)', () => {
    const rng = createPrng(seed)
    for (let i = 0; i < 1_000; i++) {
      const client = randomClientMessage(rng)
      const server = randomServerMessage(rng)
      const envelope = randomEnvelope(rng)
      expect(decodeClientMessage(encodeClientMessage(client)), `seed ${seed}, #${i}`).toEqual({
        ok: true,
        value: client,
      })
      expect(decodeServerMessage(encodeServerMessage(server)), `seed ${seed}, #${i}`).toEqual({
        ok: true,
        value: server,
      })
      expect(decodeEnvelope(encodeEnvelope(envelope)), `seed ${seed}, #${i}`).toEqual({
        ok: true,
        value: envelope,
      })
    }
  })
})
