/**
 * Property values (JSON-like) in a small tagged encoding of our own, so that the decoder
 * enforces depth, node count, byte size and key rules itself as it goes: lib0's `readAny`
 * recurses without bound and allocates from declared counts.
 *
 * Numbers: safe integers as varuints (negative ones as the varuint of their magnitude), every
 * other number as a float64; NaN and ±Infinity are not JSON and are refused. `-0` travels as a
 * float64, so it comes back as `-0`.
 */
import * as encoding from 'lib0/encoding'
import type { PropObject, PropValue } from '../ops.js'
import { fail } from './errors.js'
import type { LimitName } from './limits.js'
import {
  decodeUtf8,
  type Reader,
  readByte,
  readCount,
  readVarUint,
  readView,
  remaining,
} from './reader.js'
import { PRIMITIVES } from './schema.js'

const TAG = PRIMITIVES.propValueTags

export const writePropValue = (e: encoding.Encoder, value: PropValue): void => {
  if (value === null) {
    encoding.writeUint8(e, TAG.null)
    return
  }
  switch (typeof value) {
    case 'boolean':
      encoding.writeUint8(e, value ? TAG.true : TAG.false)
      return
    case 'number':
      if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
        encoding.writeUint8(e, value >= 0 ? TAG.uint : TAG.negativeInt)
        encoding.writeVarUint(e, Math.abs(value))
        return
      }
      encoding.writeUint8(e, TAG.float64)
      encoding.writeFloat64(e, value)
      return
    case 'string':
      encoding.writeUint8(e, TAG.string)
      encoding.writeVarString(e, value)
      return
    case 'object':
      if (Array.isArray(value)) {
        encoding.writeUint8(e, TAG.array)
        encoding.writeVarUint(e, value.length)
        for (const item of value as readonly PropValue[]) writePropValue(e, item)
        return
      }
      {
        const entries = Object.entries(value as PropObject)
        encoding.writeUint8(e, TAG.object)
        encoding.writeVarUint(e, entries.length)
        for (const [key, item] of entries) {
          encoding.writeVarString(e, key)
          writePropValue(e, item)
        }
      }
      return
    default:
      throw new TypeError(`not a property value: ${typeof value}`)
  }
}

/** Defines `key` as an own data property, so `__proto__` is an ordinary key and not a setter. */
export const defineOwn = (target: object, key: string, value: unknown): void => {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

interface Budget {
  nodes: number
  readonly maxDepth: number
  /** Input position past which the value is over its byte limit. */
  readonly end: number
  readonly limit: LimitName
}

/** Reads one property value of at most `r.limits[limit]` encoded bytes. */
export const readPropValue = (r: Reader, limit: LimitName): PropValue => {
  const d = r.decoder
  const budget: Budget = {
    nodes: r.limits.maxPropNodes,
    maxDepth: r.limits.maxPropDepth,
    end: d.pos + r.limits[limit],
    limit,
  }
  const value = readNode(r, budget, 0)
  if (d.pos > budget.end)
    fail('limit_exceeded', `property value exceeds ${limit} (${r.limits[limit]} bytes)`)
  return value
}

// A string or key of `n` bytes: over budget is `limit_exceeded`, past the input `truncated`.
const readBoundedString = (r: Reader, budget: Budget, n: number): string => {
  if (r.decoder.pos + n > budget.end) {
    fail(
      'limit_exceeded',
      `property value exceeds ${budget.limit} (${r.limits[budget.limit]} bytes)`,
    )
  }
  return decodeUtf8(readView(r.decoder, n))
}

const readNode = (r: Reader, budget: Budget, depth: number): PropValue => {
  if (--budget.nodes < 0)
    fail(
      'limit_exceeded',
      `property value has more than maxPropNodes (${r.limits.maxPropNodes}) values`,
    )
  const d = r.decoder
  const tag = readByte(d)
  switch (tag) {
    case TAG.null:
      return null
    case TAG.false:
      return false
    case TAG.true:
      return true
    case TAG.uint:
    case TAG.negativeInt: {
      const n = readVarUint(d)
      if (n > Number.MAX_SAFE_INTEGER) fail('invalid_field', 'integer is not a safe integer')
      if (tag === TAG.negativeInt && n === 0) fail('invalid_field', 'negative zero integer')
      return tag === TAG.uint ? n : -n
    }
    case TAG.float64: {
      const view = readView(d, 8)
      const n = new DataView(view.buffer, view.byteOffset, 8).getFloat64(0)
      if (!Number.isFinite(n)) fail('invalid_field', 'number is not finite')
      return n
    }
    case TAG.string:
      return readBoundedString(r, budget, readVarUint(d))
    case TAG.array:
    case TAG.object: {
      if (depth + 1 > budget.maxDepth)
        fail('limit_exceeded', `property value nests deeper than maxPropDepth (${budget.maxDepth})`)
      const count = readCount(r, 'maxPropNodes', tag === TAG.array ? 1 : 2, budget.nodes)
      if (tag === TAG.array) {
        const out: PropValue[] = []
        for (let i = 0; i < count; i++) out.push(readNode(r, budget, depth + 1))
        return out
      }
      const out: Record<string, PropValue> = {}
      for (let i = 0; i < count; i++) {
        const keyLength = readVarUint(d)
        if (keyLength > r.limits.maxObjectKeyBytes) {
          fail(
            'limit_exceeded',
            `object key exceeds maxObjectKeyBytes (${r.limits.maxObjectKeyBytes})`,
          )
        }
        const key = readBoundedString(r, budget, keyLength)
        if (Object.hasOwn(out, key)) fail('invalid_field', `duplicate object key "${key}"`)
        defineOwn(out, key, readNode(r, budget, depth + 1))
      }
      return out
    }
    default:
      return fail('invalid_field', `unknown property value tag ${tag}`)
  }
}

export { remaining }
