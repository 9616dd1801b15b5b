/**
 * Encoding driven by the schema. The encoder trusts its input's types (it is our own code
 * that builds messages) and throws a `TypeError` only for values that cannot be written at all
 * (a missing field, an unknown enum value, a malformed op id). It does not enforce limits:
 * decoding is the gate, on whichever side receives the bytes.
 */
import * as encoding from 'lib0/encoding'
import { type Hlc, hlcFromString, hlcToBytes, hlcToString, isValidHlc } from '../hlc.js'
import type { Envelope, PropValue } from '../ops.js'
import { type FieldSchema, type StructSchema, type UnionSchema, variantsOf } from './field.js'
import { writePropValue } from './prop-value.js'
import { ENVELOPE_SCHEMA } from './schema.js'

const COLOR_PATTERN = /^#[0-9a-f]{6}$/

const invalid = (what: string, value: unknown): never => {
  throw new TypeError(`cannot encode ${what}: ${String(value)}`)
}

const writeOpId = (e: encoding.Encoder, id: unknown): void => {
  const h = typeof id === 'string' ? hlcFromString(id) : undefined
  if (h === undefined) invalid('op id', id)
  encoding.writeUint8Array(e, hlcToBytes(h as Hlc))
}

export const writeStruct = (e: encoding.Encoder, f: StructSchema, value: unknown): void => {
  if (typeof value !== 'object' || value === null) invalid('struct', value)
  const record = value as Record<string, unknown>
  for (const name in f.fields) writeField(e, f.fields[name]!, record[name])
}

export const writeUnion = (e: encoding.Encoder, f: UnionSchema, value: unknown): void => {
  const tag = (value as Record<string, unknown> | null)?.[f.tag]
  const index = variantsOf(f).indexOf(tag as string)
  if (index < 0) invalid(f.tag, tag)
  encoding.writeVarUint(e, index)
  writeStruct(e, f.variants[tag as string]!, value)
}

export const writeField = (e: encoding.Encoder, f: FieldSchema, value: unknown): void => {
  switch (f.t) {
    case 'uint':
      if (!Number.isSafeInteger(value) || (value as number) < f.min || (value as number) > f.max) {
        invalid(`integer in [${f.min}, ${f.max}]`, value)
      }
      encoding.writeVarUint(e, value as number)
      break
    case 'bool':
      encoding.writeUint8(e, value === true ? 1 : 0)
      break
    case 'string':
      if (typeof value !== 'string') invalid('string', value)
      encoding.writeVarString(e, value as string)
      break
    case 'bytes':
      if (!(value instanceof Uint8Array)) invalid('bytes', value)
      encoding.writeVarUint8Array(e, value as Uint8Array)
      break
    case 'hlc':
      if (!isValidHlc(value as Hlc)) invalid('HLC stamp', JSON.stringify(value))
      encoding.writeUint8Array(e, hlcToBytes(value as Hlc))
      break
    case 'op_id':
      writeOpId(e, value)
      break
    case 'color': {
      if (typeof value !== 'string' || !COLOR_PATTERN.test(value))
        invalid('colour (#rrggbb)', value)
      const rgb = Number.parseInt((value as string).slice(1), 16)
      encoding.writeUint8(e, rgb >>> 16)
      encoding.writeUint8(e, (rgb >>> 8) & 0xff)
      encoding.writeUint8(e, rgb & 0xff)
      break
    }
    case 'prop':
      writePropValue(e, value as PropValue)
      break
    case 'props': {
      const entries = Object.entries(value as Record<string, PropValue>)
      encoding.writeVarUint(e, entries.length)
      for (const [key, item] of entries) {
        encoding.writeVarString(e, key)
        writePropValue(e, item)
      }
      break
    }
    case 'enum': {
      const index = f.values.indexOf(value as string)
      if (index < 0) invalid(`one of ${f.values.join(', ')}`, value)
      encoding.writeVarUint(e, index)
      break
    }
    case 'set': {
      let mask = 0
      for (const item of value as readonly string[]) {
        const index = f.values.indexOf(item)
        if (index < 0) invalid(`one of ${f.values.join(', ')}`, item)
        mask |= 1 << index
      }
      encoding.writeVarUint(e, mask)
      break
    }
    case 'list': {
      if (!Array.isArray(value)) invalid('list', value)
      encoding.writeVarUint(e, (value as unknown[]).length)
      for (const item of value as unknown[]) writeField(e, f.of, item)
      break
    }
    case 'optional':
    case 'nullable': {
      const absent = f.t === 'optional' ? value === undefined : value === null
      encoding.writeUint8(e, absent ? 0 : 1)
      if (!absent) writeField(e, f.of, value)
      break
    }
    case 'struct':
      writeStruct(e, f, value)
      break
    case 'union':
      writeUnion(e, f, value)
      break
    case 'envelope': {
      const envelope = value as Envelope
      if (envelope.id !== hlcToString(envelope.hlc))
        invalid('envelope whose id is not its HLC', envelope.id)
      writeStruct(e, ENVELOPE_SCHEMA, envelope)
      break
    }
  }
}
