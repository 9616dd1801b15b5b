/**
 * Bounded reads of the pieces Yjs encodings are made of (lib0 varuints, strings, ids, `readAny`
 * values, JSON strings), for the parsers in yjs-update.ts and yjs-state.ts. They check and skip;
 * they build nothing.
 */
import type * as decoding from 'lib0/decoding'
import { fail } from './errors.js'
import { UINT32_MAX } from './field.js'
import type { ProtocolLimits } from './limits.js'
import { decodeUtf8, readByte, readUintIn, readVarUint, readView, remaining } from './reader.js'

export const MAX_CLOCK = Number.MAX_SAFE_INTEGER

export const yfail = (message: string): never => fail('invalid_field', `Yjs update: ${message}`)

/** A declared count, refused above `max` (what is left of `limit`) or above what `minBytes`-sized items could fill. */
export const yjsCount = (
  d: decoding.Decoder,
  max: number,
  limit: string,
  what: string,
  minBytes: number,
): number => {
  const n = readVarUint(d)
  if (n > max) fail('limit_exceeded', `Yjs: ${n} ${what} exceed ${limit} (${max} left)`)
  if (n * minBytes > remaining(d))
    fail('truncated', `Yjs: ${n} ${what} cannot fit in ${remaining(d)} bytes`)
  return n
}

export const skipBytes = (d: decoding.Decoder): number => readView(d, readVarUint(d)).length
/** Yjs decodes its strings with a fatal UTF-8 decoder, so invalid UTF-8 would throw inside Yjs. */
export const skipString = (d: decoding.Decoder): number => {
  const view = readView(d, readVarUint(d))
  decodeUtf8(view)
  return view.length
}

export const readYjsId = (d: decoding.Decoder): void => {
  readUintIn(d, 0, UINT32_MAX)
  readUintIn(d, 0, MAX_CLOCK)
}

/** Checks that a string is JSON (or Yjs's `undefined` marker) no deeper than `maxDepth`. */
export const checkJson = (d: decoding.Decoder, maxDepth: number, allowUndefined: boolean): void => {
  const text = decodeUtf8(readView(d, readVarUint(d)))
  if (allowUndefined && text === 'undefined') return
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth)
        fail('limit_exceeded', `Yjs update: JSON nests deeper than maxPropDepth (${maxDepth})`)
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  try {
    JSON.parse(text)
  } catch {
    yfail('content is not valid JSON')
  }
}

/** lib0 `readAny`, bounded: depth and values per struct. */
export const checkAny = (
  d: decoding.Decoder,
  limits: ProtocolLimits,
  budget: { nodes: number },
  depth: number,
): void => {
  if (--budget.nodes < 0)
    fail(
      'limit_exceeded',
      `Yjs update: more than maxPropNodes (${limits.maxPropNodes}) values in one struct`,
    )
  const tag = readByte(d)
  switch (tag) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return
    case 125: // varint: 6 bits in the first byte, then groups of 7
      for (let i = 0, b = readByte(d); b & 0x80; b = readByte(d))
        if (++i >= 8) yfail('varint too long')
      return
    case 124:
      readView(d, 4)
      return
    case 123:
    case 122:
      readView(d, 8)
      return
    case 119:
      skipString(d)
      return
    case 116:
      skipBytes(d)
      return
    case 118:
    case 117: {
      if (depth + 1 > limits.maxPropDepth)
        fail(
          'limit_exceeded',
          `Yjs update: value nests deeper than maxPropDepth (${limits.maxPropDepth})`,
        )
      const n = yjsCount(d, budget.nodes, 'maxPropNodes', 'values', tag === 118 ? 2 : 1)
      for (let i = 0; i < n; i++) {
        if (tag === 118) skipString(d)
        checkAny(d, limits, budget, depth + 1)
      }
      return
    }
    default:
      yfail(`unknown value tag ${tag}`)
  }
}
