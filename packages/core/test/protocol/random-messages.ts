/**
 * Random *valid* values for any schema descriptor, so property tests cover every message and
 * every field without a hand-written generator per message.
 */
import { hlcToString } from '../../src/hlc.js'
import type { Envelope } from '../../src/ops.js'
import { BLOCK_TYPES, type PropValue } from '../../src/ops.js'
import { positionBetween } from '../../src/position.js'
import { type FieldSchema, type StructSchema, variantsOf } from '../../src/protocol/field.js'
import {
  type ClientMessage,
  PROTOCOL_VERSION,
  type ServerMessage,
} from '../../src/protocol/index.js'
import { defineOwn } from '../../src/protocol/prop-value.js'
import {
  CLIENT_MESSAGE_SCHEMA,
  ENVELOPE_SCHEMA,
  SERVER_MESSAGE_SCHEMA,
} from '../../src/protocol/schema.js'
import { bool, int, type Prng, pick, randomBytes } from './prng.js'
import {
  ANCHOR,
  EDIT_UPDATE,
  EMPTY_UPDATE,
  FULL_TEXT_UPDATE,
  HEAD_AT_END,
  HEAD_BEFORE,
  INSERT_TEXT,
  MERGE_FROM_STATE_VECTOR,
  SPLIT_HEAD_UPDATE,
  STATE_VECTOR,
  varietyUpdates,
} from './yjs-fixtures.js'

const UPDATES = [
  EDIT_UPDATE,
  EMPTY_UPDATE,
  FULL_TEXT_UPDATE,
  INSERT_TEXT,
  SPLIT_HEAD_UPDATE,
  ...varietyUpdates(),
]
const STATE_VECTORS = [STATE_VECTOR, MERGE_FROM_STATE_VECTOR, new Uint8Array([0])]
const POSITIONS = [ANCHOR, HEAD_AT_END, HEAD_BEFORE]
const PROP_KEYS = [
  'level',
  'checked',
  'language',
  'data-id',
  'x:y',
  'a.b',
  '_private',
  '__proto__',
  'constructor',
]
const TEXTS = ['', 'Hello', 'Grüße 🙂', '日本語のテキスト', 'a\nb\tc', 'x'.repeat(40)]
const IDS = ['user-1', 'sess-2', 'Ada Lovelace', 'agent:bot:doc', 'ü🙂', 'room/42']

const blockId = (rng: Prng): string =>
  bool(rng, 0.1)
    ? pick(rng, ['root', 'trash'])
    : `b${Math.floor(rng.next() * 2 ** 40).toString(36)}`

const randomPropValue = (rng: Prng, depth: number): PropValue => {
  const kind = int(rng, 0, depth >= 3 ? 6 : 8)
  switch (kind) {
    case 0:
      return null
    case 1:
      return bool(rng)
    case 2:
      return int(rng, -1_000_000, 1_000_000)
    case 3:
      return pick(rng, [
        0.5,
        -1e-9,
        1e300,
        -0,
        Number.MAX_SAFE_INTEGER,
        -Number.MAX_SAFE_INTEGER,
        2 ** 60,
      ])
    case 4:
    case 5:
    case 6:
      return pick(rng, TEXTS)
    case 7:
      return Array.from({ length: int(rng, 0, 3) }, () => randomPropValue(rng, depth + 1))
    default: {
      const out: Record<string, PropValue> = {}
      for (let i = int(rng, 0, 3); i > 0; i--)
        defineOwn(out, pick(rng, [...PROP_KEYS, ...TEXTS]), randomPropValue(rng, depth + 1))
      return out
    }
  }
}

const randomString = (rng: Prng, format: string): string => {
  switch (format) {
    case 'block_id':
      return blockId(rng)
    case 'partition_id':
      return `p${int(rng, 0, 999)}`
    case 'position_key':
      return positionBetween(null, null, () => rng.next())
    case 'block_type':
      return pick(rng, [...BLOCK_TYPES, 'callout', 'x1_y'])
    case 'prop_key':
      return pick(rng, PROP_KEYS)
    case 'register_key':
      return pick(rng, [...PROP_KEYS, 'type'])
    case 'id':
      return pick(rng, IDS)
    case 'token':
      return `tok.${Math.floor(rng.next() * 2 ** 40).toString(36)}`
    default:
      return pick(rng, TEXTS)
  }
}

const randomStruct = (
  rng: Prng,
  f: StructSchema,
  out: Record<string, unknown> = {},
): Record<string, unknown> => {
  for (const name in f.fields) {
    const value = randomValue(rng, f.fields[name]!)
    if (value !== undefined) out[name] = value
  }
  if (f.refine === 'type_register' && out.key === 'type') out.value = pick(rng, BLOCK_TYPES)
  return out
}

export const randomValue = (rng: Prng, f: FieldSchema): unknown => {
  switch (f.t) {
    case 'uint':
      return bool(rng, 0.8) ? int(rng, f.min, Math.min(f.max, 1000)) : pick(rng, [f.min, f.max])
    case 'bool':
      return bool(rng)
    case 'string':
      return randomString(rng, f.format)
    case 'bytes':
      if (f.content === 'yjs_update') return pick(rng, UPDATES)
      if (f.content === 'yjs_state_vector') return pick(rng, STATE_VECTORS)
      if (f.content === 'yjs_relative_position') return pick(rng, POSITIONS)
      return randomBytes(rng, int(rng, 0, 40))
    case 'hlc':
      return {
        ms: int(rng, 0, 2 ** 48 - 1),
        counter: int(rng, 0, 0xffff),
        replica: int(rng, 0, 0xffffffff),
      }
    case 'op_id':
      return hlcToString(randomValue(rng, { t: 'hlc' }) as never)
    case 'color':
      return `#${int(rng, 0, 0xffffff).toString(16).padStart(6, '0')}`
    case 'prop':
      return randomPropValue(rng, 0)
    case 'props': {
      const out: Record<string, PropValue> = {}
      for (let i = int(rng, 0, 3); i > 0; i--)
        defineOwn(out, pick(rng, PROP_KEYS), randomPropValue(rng, 1))
      return out
    }
    case 'enum':
      return pick(rng, f.values)
    case 'set':
      return f.values.filter(() => bool(rng))
    case 'list': {
      const items = Array.from({ length: int(rng, 0, 3) }, () => randomValue(rng, f.of))
      if (f.unique === undefined) return items
      const seen = new Set<unknown>()
      return items.filter((item) => {
        const key = (item as Record<string, unknown>)[f.unique!]
        if (seen.has(key)) return false
        seen.add(key)
        return true
      })
    }
    case 'optional':
      return bool(rng) ? randomValue(rng, f.of) : undefined
    case 'nullable':
      return bool(rng, 0.3) ? null : randomValue(rng, f.of)
    case 'struct':
      return randomStruct(rng, f)
    case 'union': {
      const name = pick(rng, variantsOf(f))
      return randomStruct(rng, f.variants[name]!, { [f.tag]: name })
    }
    case 'envelope': {
      const fields = randomStruct(rng, ENVELOPE_SCHEMA)
      return { id: hlcToString(fields.hlc as never), ...fields }
    }
  }
}

/** Messages and envelopes carry the current protocol version where they name one. */
const withProtocol = <T>(message: T): T =>
  typeof message === 'object' && message !== null && 'protocol' in message
    ? { ...message, protocol: PROTOCOL_VERSION }
    : message

export const randomClientMessage = (rng: Prng): ClientMessage =>
  withProtocol(randomValue(rng, CLIENT_MESSAGE_SCHEMA) as ClientMessage)
export const randomServerMessage = (rng: Prng): ServerMessage =>
  withProtocol(randomValue(rng, SERVER_MESSAGE_SCHEMA) as ServerMessage)
export const randomEnvelope = (rng: Prng): Envelope =>
  randomValue(rng, { t: 'envelope' }) as Envelope
