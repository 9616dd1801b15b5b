import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import { variantsOf } from '../../src/protocol/field.js'
import {
  type ClientMessage,
  decodeClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  encodeServerMessage,
  PROTOCOL_LIMITS,
  PROTOCOL_VERSION,
  type ServerMessage,
} from '../../src/protocol/index.js'
import { CLIENT_MESSAGE_SCHEMA } from '../../src/protocol/schema.js'
import { CLIENT_MESSAGES, envelopeOf, OPS, SERVER_MESSAGES } from './fixtures.js'

/** Encodes a message the encoder accepts but a decoder must refuse. */
const client = (message: unknown) =>
  decodeClientMessage(encodeClientMessage(message as ClientMessage))
const server = (message: unknown) =>
  decodeServerMessage(encodeServerMessage(message as ServerMessage))
const refused = (code: string, path?: string) => ({
  ok: false,
  error: path ? { code, path } : { code },
})

/** Raw bytes of a client frame: version, the tag of `type`, then `fields`. */
const rawClient = (type: string, fields: (e: encoding.Encoder) => void) =>
  decodeClientMessage(
    encoding.encode((e) => {
      encoding.writeVarUint(e, PROTOCOL_VERSION)
      encoding.writeVarUint(e, variantsOf(CLIENT_MESSAGE_SCHEMA).indexOf(type))
      fields(e)
    }),
  )

describe('DECODE-3: a decoded message is fully valid: every field is checked', () => {
  it('block ids follow the id rules, and the error names the field', () => {
    expect(client({ type: 'viewport', blocks: ['ok', 'not ok'] })).toMatchObject(
      refused('invalid_field', 'viewport.blocks[1]'),
    )
  })

  it('position keys must be valid fractional keys', () => {
    const op = { kind: 'move_block', block: 'b1', parent: 'root', key: 'a00', prev: null }
    expect(client({ type: 'ops', envelopes: [envelopeOf(op as never)] })).toMatchObject(
      refused('invalid_field', 'ops.envelopes[0].op.key'),
    )
  })

  it('block types match [a-z][a-z0-9_]{0,31}', () => {
    const op = { ...OPS.insert_block, blockType: 'Heading' }
    expect(client({ type: 'ops', envelopes: [envelopeOf(op as never)] })).toMatchObject(
      refused('invalid_field', 'ops.envelopes[0].op.blockType'),
    )
  })

  it('insert_block props may not carry the reserved "type" key: the type has its own field', () => {
    const op = { ...OPS.insert_block, props: { type: 'quote' } }
    expect(client({ type: 'ops', envelopes: [envelopeOf(op as never)] })).toMatchObject(
      refused('invalid_field'),
    )
  })

  it('set_property on "type" must hold a block type (PROP-1)', () => {
    const op = { kind: 'set_property', block: 'b1', key: 'type', value: 42 }
    expect(client({ type: 'ops', envelopes: [envelopeOf(op as never)] })).toMatchObject(
      refused('invalid_field'),
    )
  })

  it('ids may not contain control characters', () => {
    expect(client({ ...CLIENT_MESSAGES.hello, docId: 'doc\u0000' })).toMatchObject(
      refused('invalid_field', 'hello.docId'),
    )
  })

  it('integers stay in their range (replica is a uint32, heading level 1–6)', () => {
    const hello = rawClient('hello', (e) => {
      encoding.writeVarUint(e, PROTOCOL_VERSION)
      encoding.writeVarString(e, 'doc')
      encoding.writeUint8(e, 0) // no token
      encoding.writeVarUint(e, 2 ** 32)
    })
    expect(hello).toMatchObject(refused('invalid_field', 'hello.replica'))
    const outline = {
      type: 'outline',
      partitionMapVersion: 1,
      seq: 1,
      partitions: [
        {
          id: 'p0',
          firstBlock: 'b1',
          blockCount: 1,
          seq: 1,
          headings: [{ block: 'b1', level: 6, text: 'x' }],
        },
      ],
    } as const
    const frame = encodeServerMessage(outline)
    const levelAt = Buffer.from(frame).indexOf(Buffer.from([6, 1, 'x'.charCodeAt(0)]))
    for (const level of [0, 7]) {
      const bad = Uint8Array.from(frame)
      bad[levelAt] = level
      expect(decodeServerMessage(bad)).toMatchObject(
        refused('invalid_field', 'outline.partitions[0].headings[0].level'),
      )
    }
  })

  it('catch-up registers have distinct keys', () => {
    const catchUp = SERVER_MESSAGES.catch_up
    if (catchUp.type !== 'catch_up' || catchUp.content.kind !== 'blocks') throw new Error('fixture')
    const block = catchUp.content.blocks[0]!
    const props = [block.props[0]!, block.props[0]!]
    const content = { kind: 'blocks', blocks: [{ ...block, props }] }
    expect(server({ ...catchUp, content })).toMatchObject(refused('invalid_field'))
  })

  it('an auth token is never echoed into an error message', () => {
    const result = client({ ...CLIENT_MESSAGES.hello, token: 'secret with spaces' })
    expect(result).toMatchObject(refused('invalid_field', 'hello.token'))
    expect(JSON.stringify(result)).not.toContain('secret')
  })
})

describe('property values are parsed with their own bounds', () => {
  it('"__proto__" is an ordinary key: it neither pollutes nor disappears', () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}}')
    const result = client({ type: 'presence', data })
    expect(
      result.ok && result.value.type === 'presence' && Object.keys(result.value.data as object),
    ).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('duplicate object keys are refused', () => {
    expect(
      rawClient('presence', (e) =>
        encoding.writeUint8Array(e, new Uint8Array([8, 2, 1, 97, 0, 1, 97, 0])),
      ),
    ).toMatchObject(refused('invalid_field', 'presence.data'))
  })

  it('NaN and Infinity are not JSON and are refused', () => {
    expect(client({ type: 'presence', data: Number.NaN })).toMatchObject(refused('invalid_field'))
    expect(client({ type: 'event', data: [Number.POSITIVE_INFINITY] })).toMatchObject(
      refused('invalid_field'),
    )
  })

  it('-0 and large floats survive exactly', () => {
    const data = [-0, 2 ** 60, -1e-300, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]
    expect(client({ type: 'presence', data })).toEqual({
      ok: true,
      value: { type: 'presence', data },
    })
  })
})

describe('malformed bytes get precise codes', () => {
  it('FRAME-2: a frame over maxFrameBytes is refused before any field is read', () => {
    const oversized = new Uint8Array(PROTOCOL_LIMITS.maxFrameBytes + 1).fill(0xff)
    expect(decodeClientMessage(oversized)).toMatchObject(refused('frame_too_large'))
  })

  it('an empty input, or a version alone, is truncated', () => {
    expect(decodeClientMessage(new Uint8Array())).toMatchObject(refused('truncated'))
    expect(decodeClientMessage(new Uint8Array([PROTOCOL_VERSION]))).toMatchObject(
      refused('truncated'),
    )
  })

  it('an unknown message tag is unknown_message_type', () => {
    expect(decodeClientMessage(new Uint8Array([PROTOCOL_VERSION, 0x7f]))).toMatchObject(
      refused('unknown_message_type'),
    )
  })

  it('an unknown op kind is invalid_field', () => {
    const frame = encodeClientMessage(CLIENT_MESSAGES.ops)
    const ops = CLIENT_MESSAGES.ops as { envelopes: readonly unknown[] }
    // first envelope: count byte, 12 HLC bytes, user, session, deps flag, origin, then the op kind
    const single = encodeClientMessage({
      type: 'ops',
      envelopes: [ops.envelopes[0]],
    } as ClientMessage)
    const kindAt = 3 + 12 + 1 + 'user-ada'.length + 1 + 'sess-1'.length + 1 + 1
    const bad = Uint8Array.from(single)
    bad[kindAt] = 42
    expect(frame.length).toBeGreaterThan(single.length)
    expect(decodeClientMessage(bad)).toMatchObject(refused('invalid_field', 'ops.envelopes[0].op'))
  })

  it('a frame cut short anywhere is truncated or otherwise refused, never accepted', () => {
    const frame = encodeClientMessage(CLIENT_MESSAGES.ops)
    for (let cut = 0; cut < frame.length; cut++) {
      expect(decodeClientMessage(frame.subarray(0, cut)).ok).toBe(false)
    }
    expect(decodeClientMessage(frame.subarray(0, frame.length - 1))).toMatchObject(
      refused('truncated'),
    )
  })

  it('DECODE-2: a declared count of 2^32 is limit_exceeded; a count the bytes cannot hold is truncated', () => {
    const count = (n: number) => rawClient('viewport', (e) => encoding.writeVarUint(e, n))
    expect(count(2 ** 32)).toMatchObject(refused('limit_exceeded', 'viewport.blocks'))
    expect(count(1_000)).toMatchObject(refused('truncated', 'viewport.blocks'))
  })

  it('DECODE-2: a declared string length of 2^53 is limit_exceeded, before anything is allocated', () => {
    expect(
      rawClient('hello', (e) => {
        encoding.writeVarUint(e, PROTOCOL_VERSION)
        encoding.writeVarUint(e, 2 ** 53)
      }),
    ).toMatchObject(refused('limit_exceeded', 'hello.docId'))
  })

  it('varuints must be minimal and at most 8 bytes', () => {
    expect(
      rawClient('ping', (e) => encoding.writeUint8Array(e, new Uint8Array([0x80, 0x00]))),
    ).toMatchObject(refused('invalid_field', 'ping.t'))
    expect(
      rawClient('ping', (e) => encoding.writeUint8Array(e, new Uint8Array(9).fill(0xff))),
    ).toMatchObject(refused('invalid_field', 'ping.t'))
  })

  it('strings must be valid UTF-8; a leading U+FEFF is kept', () => {
    expect(
      rawClient('event', (e) => encoding.writeUint8Array(e, new Uint8Array([6, 2, 0xc3, 0x28]))),
    ).toMatchObject(refused('invalid_field', 'event.data'))
    expect(client({ type: 'event', data: '\ufeffhi' })).toEqual({
      ok: true,
      value: { type: 'event', data: '\ufeffhi' },
    })
  })

  it('flags, enums and sets outside their values are invalid_field', () => {
    const reject = encodeServerMessage(SERVER_MESSAGES.reject)
    const codeAt = 2 + 12
    const bad = Uint8Array.from(reject)
    bad[codeAt] = 99
    expect(decodeServerMessage(bad)).toMatchObject(refused('invalid_field', 'reject.code'))
    expect(
      rawClient('hello', (e) => {
        encoding.writeVarUint(e, PROTOCOL_VERSION)
        encoding.writeVarString(e, 'doc')
        encoding.writeUint8(e, 2) // token flag: neither absent (0) nor present (1)
      }),
    ).toMatchObject(refused('invalid_field', 'hello.token'))
  })

  it('anything that is not a Uint8Array is refused without a throw', () => {
    expect(decodeClientMessage('hello' as never)).toMatchObject(refused('invalid_field'))
    expect(decodeServerMessage(null as never)).toMatchObject(refused('invalid_field'))
  })
})

describe('nothing valid is refused', () => {
  it('a batch of the smallest possible envelopes decodes (count bounds use exact minimum sizes)', () => {
    const tiny = (counter: number) => ({
      ...envelopeOf({ kind: 'delete_block', block: 'b', prev: null }, counter),
      user: 'u',
      session: 's',
    })
    const message = { type: 'ops', envelopes: [tiny(1), tiny(2), tiny(3)] } as const
    expect(client(message)).toEqual({ ok: true, value: message })
  })
})
