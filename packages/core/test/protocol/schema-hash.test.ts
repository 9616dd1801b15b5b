import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hlcToString } from '../../src/hlc.js'
import { type FieldSchema, type StructSchema, variantsOf } from '../../src/protocol/field.js'
import {
  encodeClientMessage,
  encodeEnvelope,
  encodeServerMessage,
  PROTOCOL_VERSION,
} from '../../src/protocol/index.js'
import {
  CLIENT_MESSAGE_SCHEMA,
  PROTOCOL_SCHEMA,
  SERVER_MESSAGE_SCHEMA,
} from '../../src/protocol/schema.js'

/**
 * The protocol's fingerprint, pinned with its version (Zero's guard). Any change to a message,
 * a field, an enum list or a primitive's encoding changes a hash; the test then fails until
 * PROTOCOL_VERSION is bumped and the pin updated, so no client ever reads frames it does not
 * understand: it gets "please reload" instead.
 */
const PINNED = {
  version: 1,
  schema: 'df9cad06d6365a5d89a32cd68502f2634bfef3fa1ee4395560a8d2a6d9b0f983',
  wire: '7b7e4f1cc4839b5ecf4c4a35b4fea2c888aa068ee0ccd92373535e801b15c1ad',
} as const

const STRINGS = {
  block_id: 'b1',
  partition_id: 'p1',
  position_key: 'a0',
  block_type: 'paragraph',
  prop_key: 'level',
  register_key: 'level',
  id: 'user-1',
  token: 'tok',
  text: 'Grüße',
} as const
const STAMP = { ms: 1_767_225_600_000, counter: 1, replica: 7 }
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

/** A deterministic value for a field; `variant` picks the variant of every union on the way. */
const sample = (f: FieldSchema, variant: number): unknown => {
  const struct = (s: StructSchema, out: Record<string, unknown> = {}) => {
    for (const name in s.fields) out[name] = sample(s.fields[name]!, variant)
    return out
  }
  switch (f.t) {
    case 'uint':
      return f.min === 0 ? 1 : f.min
    case 'bool':
      return true
    case 'string':
      return STRINGS[f.format]
    case 'bytes':
      return new Uint8Array(
        f.content === 'yjs_update'
          ? [0, 0]
          : f.content === 'yjs_relative_position'
            ? [1, 1, 116]
            : [0],
      )
    case 'hlc':
      return STAMP
    case 'op_id':
      return hlcToString(STAMP)
    case 'color':
      return '#336699'
    case 'prop':
      return { a: [1, -2, 0.5, 'x', null, true] }
    case 'props':
      return { level: 2 }
    case 'enum':
      return f.values[variant % f.values.length]
    case 'set':
      return [...f.values]
    case 'list':
      return [sample(f.of, variant)]
    case 'optional':
    case 'nullable':
      return sample(f.of, variant)
    case 'struct':
      return struct(f)
    case 'union': {
      const name = variantsOf(f)[variant % variantsOf(f).length]!
      return struct(f.variants[name]!, { [f.tag]: name })
    }
    case 'envelope':
      return { id: hlcToString(STAMP), ...struct(PROTOCOL_SCHEMA.envelope) }
  }
}

const withVersion = (m: unknown): never =>
  ('protocol' in (m as object) ? { ...(m as object), protocol: PROTOCOL_VERSION } : m) as never

const wireFingerprint = (): string => {
  const hash = createHash('sha256')
  for (let v = 0; v < 16; v++) {
    hash.update(encodeClientMessage(withVersion(sample(CLIENT_MESSAGE_SCHEMA, v))))
    hash.update(encodeServerMessage(withVersion(sample(SERVER_MESSAGE_SCHEMA, v))))
    hash.update(encodeEnvelope(sample({ t: 'envelope' }, v) as never))
  }
  return hash.digest('hex')
}

describe('VERSION-2: protocol schema guard', () => {
  it('the schema and the wire bytes match the hashes pinned for this PROTOCOL_VERSION', () => {
    const actual = {
      version: PROTOCOL_VERSION,
      schema: sha256(JSON.stringify(PROTOCOL_SCHEMA)),
      wire: wireFingerprint(),
    }
    const advice =
      actual.version === PINNED.version
        ? 'The wire protocol changed without a version bump. If the change is intended: bump ' +
          'PROTOCOL_VERSION in src/protocol/version.ts (old clients will be told to reload), ' +
          'describe the change in apps/docs/spec/protocol.md, and pin the new values here:\n'
        : 'PROTOCOL_VERSION changed: pin the new values here (and describe the change in the spec):\n'
    expect(actual, advice + JSON.stringify(actual, null, 2)).toEqual(PINNED)
  })
})
