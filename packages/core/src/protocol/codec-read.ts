/**
 * Decoding driven by the schema, validating every field as it is read, so that a decoded value
 * is a fully valid typed message. Bytes fields are copied out of the frame (a decoded op may
 * live long in an outbox or an op buffer; it must not pin the whole frame's buffer).
 */
import { type Hlc, hlcFromBytes, hlcToString } from '../hlc.js'
import type { PropValue } from '../ops.js'
import { checkBytes, refinements } from './checks.js'
import { fail } from './errors.js'
import { type FieldSchema, type StructSchema, str, type UnionSchema, variantsOf } from './field.js'
import { checkStringFormat } from './formats.js'
import { defineOwn, readPropValue } from './prop-value.js'
import {
  type Reader,
  readByte,
  readCount,
  readLength,
  readString,
  readUintIn,
  readVarUint,
  readView,
} from './reader.js'
import { ENVELOPE_SCHEMA } from './schema.js'

const HLC_BYTES = 12
const PROP_KEY = str('prop_key', 'maxPropKeyBytes')

const readFlag = (r: Reader): boolean => {
  const b = readByte(r.decoder)
  if (b > 1) fail('invalid_field', `flag byte must be 0 or 1, got ${b}`)
  return b === 1
}

const minBytesCache = new WeakMap<FieldSchema, number>()
/** The fewest bytes a value of `f` takes (0 for an empty struct): bounds declared counts. */
const minBytes = (f: FieldSchema): number => {
  const cached = minBytesCache.get(f)
  if (cached !== undefined) return cached
  let n = 1
  if (f.t === 'hlc' || f.t === 'op_id') n = HLC_BYTES
  else if (f.t === 'color') n = 3
  else if (f.t === 'struct') n = Object.values(f.fields).reduce((sum, g) => sum + minBytes(g), 0)
  else if (f.t === 'union') n = 1 + Math.min(...Object.values(f.variants).map(minBytes))
  else if (f.t === 'envelope') n = minBytes(ENVELOPE_SCHEMA)
  minBytesCache.set(f, n)
  return n
}

export const readStruct = (
  r: Reader,
  f: StructSchema,
  out: Record<string, unknown> = {},
): Record<string, unknown> => {
  for (const name in f.fields) {
    r.path.push(name)
    const value = readField(r, f.fields[name]!)
    if (value !== undefined) out[name] = value
    r.path.pop()
  }
  if (f.refine !== undefined) refinements[f.refine](out)
  return out
}

/** Reads a union's variant index, then that variant's fields, into `{ [tag]: name, … }`. */
export const readUnion = (r: Reader, f: UnionSchema): Record<string, unknown> => {
  const names = variantsOf(f)
  const index = readVarUint(r.decoder)
  const name = names[index]
  if (name === undefined) fail('invalid_field', `unknown ${f.tag} #${index}`)
  return readStruct(r, f.variants[name!]!, { [f.tag]: name })
}

const readHlc = (r: Reader): Hlc => hlcFromBytes(readView(r.decoder, HLC_BYTES))!

export const readField = (r: Reader, f: FieldSchema): unknown => {
  const d = r.decoder
  switch (f.t) {
    case 'uint':
      return readUintIn(d, f.min, f.max)
    case 'bool':
      return readFlag(r)
    case 'string': {
      const s = readString(r, f.limit)
      const problem = checkStringFormat(f.format, s)
      if (problem !== undefined) {
        // a token is a secret: never echo it into an error that may be logged
        fail(
          'invalid_field',
          `${f.format === 'token' ? 'token' : JSON.stringify(s.slice(0, 80))} ${problem}`,
        )
      }
      return s
    }
    case 'bytes': {
      const view = readView(d, readLength(r, f.limit))
      checkBytes(f.content, view, r.limits)
      // a copy, never a view: on a Node Buffer `slice` shares memory, and a kept Yjs update
      // would pin its whole frame
      return new Uint8Array(view)
    }
    case 'hlc':
      return readHlc(r)
    case 'op_id':
      return hlcToString(readHlc(r))
    case 'color': {
      const [red, green, blue] = readView(d, 3)
      return `#${(((red! << 16) | (green! << 8) | blue!) >>> 0).toString(16).padStart(6, '0')}`
    }
    case 'prop':
      return readPropValue(r, f.limit)
    case 'props': {
      const count = readCount(r, f.limit, 2)
      const out: Record<string, PropValue> = {}
      for (let i = 0; i < count; i++) {
        const key = readField(r, PROP_KEY) as string
        if (Object.hasOwn(out, key)) fail('invalid_field', `duplicate property "${key}"`)
        r.path.push(key)
        defineOwn(out, key, readPropValue(r, f.valueLimit))
        r.path.pop()
      }
      return out
    }
    case 'enum': {
      const value = f.values[readVarUint(d)]
      if (value === undefined) fail('invalid_field', `not one of ${f.values.join(', ')}`)
      return value
    }
    case 'set': {
      const mask = readVarUint(d)
      if (mask >= 2 ** f.values.length)
        fail('invalid_field', `unknown bits in a set of ${f.values.join(', ')}`)
      return f.values.filter((_, i) => mask & (1 << i))
    }
    case 'list': {
      const count = readCount(r, f.limit, minBytes(f.of))
      const out: unknown[] = []
      const seen = f.unique === undefined ? undefined : new Set<unknown>()
      for (let i = 0; i < count; i++) {
        r.path.push(i)
        const item = readField(r, f.of)
        if (seen !== undefined) {
          const key = (item as Record<string, unknown>)[f.unique!]
          if (seen.has(key)) fail('invalid_field', `duplicate ${f.unique} ${JSON.stringify(key)}`)
          seen.add(key)
        }
        out.push(item)
        r.path.pop()
      }
      return out
    }
    case 'optional':
      return readFlag(r) ? readField(r, f.of) : undefined
    case 'nullable':
      return readFlag(r) ? readField(r, f.of) : null
    case 'struct':
      return readStruct(r, f)
    case 'union':
      return readUnion(r, f)
    case 'envelope': {
      const fields = readStruct(r, ENVELOPE_SCHEMA)
      return { id: hlcToString(fields.hlc as Hlc), ...fields }
    }
  }
}
