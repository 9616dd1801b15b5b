/**
 * A bounded parse of a Yjs v1 update, run before any Yjs code sees the bytes. It follows the
 * grammar of Yjs 13's `readClientsStructRefs` / `readDeleteSet` (yjs/src/utils/encoding.js,
 * DeleteSet.js, UpdateDecoder.js) without building anything, and refuses what would make Yjs
 * allocate or recurse out of proportion to the update's size:
 *
 * - `readClientsStructRefs` does `new Array(numberOfStructs)` from a declared count: a few
 *   bytes declaring 30 million structs allocate hundreds of MB before the truncation is noticed.
 *   We bound every count by its limit and by the bytes left (a struct takes ≥ 2 bytes).
 * - The delete set pushes one object per declared range until the input runs out: bounded the
 *   same way (`maxYjsDeleteRanges`).
 * - `ContentAny` (and subdocument options) use lib0 `readAny`, which recurses without bound;
 *   `ContentJSON`/`Embed`/`Format` call `JSON.parse`. Both are checked for depth and syntax.
 * - `ContentDoc` creates a whole `Y.Doc` per struct; block text never holds subdocuments, so it
 *   is refused.
 * - lib0's `readUint8` reads `undefined` past the end instead of throwing, and clocks could
 *   overflow 2^53: we require exact consumption, uint32 client ids (TEXT-1: they are replica
 *   ids) and clocks that stay safe integers.
 */
import * as decoding from 'lib0/decoding'
import { fail } from './errors.js'
import { UINT32_MAX } from './field.js'
import { PROTOCOL_LIMITS, type ProtocolLimits } from './limits.js'
import { readByte, readUintIn, remaining } from './reader.js'
import {
  checkAny,
  checkJson,
  MAX_CLOCK,
  skipBytes,
  skipString,
  yfail,
  yjsCount,
} from './yjs-reader.js'

const TYPE_REF_XML_ELEMENT = 3
const TYPE_REF_XML_HOOK = 5
const TYPE_REF_MAX = 6

/**
 * An item's origin, right origin or parent. A client's clock only grows, so an item can only
 * name items of its own client with a lower clock; Yjs assumes so and fails on a forward name.
 */
const readItemRef = (d: decoding.Decoder, client: number, clock: number): void => {
  const refClient = readUintIn(d, 0, UINT32_MAX)
  const refClock = readUintIn(d, 0, MAX_CLOCK)
  if (refClient === client && refClock >= clock)
    yfail('an item refers to a later item of its own client')
}

/** Reads one item's content; returns its length in clock units (an upper bound for strings). */
const checkContent = (d: decoding.Decoder, ref: number, limits: ProtocolLimits): number => {
  switch (ref) {
    case 1: // ContentDeleted
      return readUintIn(d, 1, MAX_CLOCK)
    case 2: {
      // ContentJSON
      const n = yjsCount(d, MAX_CLOCK, '2^53', 'JSON values', 1)
      if (n === 0) yfail('empty JSON content')
      for (let i = 0; i < n; i++) checkJson(d, limits.maxPropDepth, true)
      return n
    }
    case 3: // ContentBinary
      skipBytes(d)
      return 1
    case 4: {
      // ContentString: its UTF-16 length is at most its UTF-8 byte length
      const n = skipString(d)
      if (n === 0) yfail('empty string content')
      return n
    }
    case 5: // ContentEmbed
      checkJson(d, limits.maxPropDepth, false)
      return 1
    case 6: // ContentFormat
      skipString(d)
      checkJson(d, limits.maxPropDepth, false)
      return 1
    case 7: {
      // ContentType
      const typeRef = readUintIn(d, 0, TYPE_REF_MAX)
      if (typeRef === TYPE_REF_XML_ELEMENT || typeRef === TYPE_REF_XML_HOOK) skipString(d)
      return 1
    }
    case 8: {
      // ContentAny
      const budget = { nodes: limits.maxPropNodes }
      const n = yjsCount(d, budget.nodes, 'maxPropNodes', 'values', 1)
      if (n === 0) yfail('empty value content')
      for (let i = 0; i < n; i++) checkAny(d, limits, budget, 0)
      return n
    }
    case 9:
      return yfail('subdocuments are not allowed in block text')
    default:
      return yfail(`unknown content type ${ref}`)
  }
}

const checkStruct = (
  d: decoding.Decoder,
  limits: ProtocolLimits,
  client: number,
  clock: number,
): number => {
  const info = readByte(d)
  const ref = info & 0x1f
  if (ref === 0 || ref === 10) {
    // GC and Skip structs carry only a length; Yjs writes their info byte without flags
    if (info !== ref)
      yfail(`struct info ${info} has flags on a ${ref === 0 ? 'GC' : 'skip'} struct`)
    return readUintIn(d, 1, MAX_CLOCK)
  }
  if (info & 0x80) readItemRef(d, client, clock) // origin
  if (info & 0x40) readItemRef(d, client, clock) // right origin
  if ((info & 0xc0) === 0) {
    // no origins: the parent is written out, either a root type name or an item id
    if (readUintIn(d, 0, 1) === 1) skipString(d)
    else readItemRef(d, client, clock)
    if (info & 0x20) skipString(d) // parentSub (a map key)
  }
  return checkContent(d, ref, limits)
}

/**
 * Throws a `DecodeFailure` unless `update` is a well-formed, bounded Yjs v1 update; returns
 * the Yjs client ids its structs are written under (the delete set may name anyone's).
 */
export const checkYjsUpdate = (update: Uint8Array, limits: ProtocolLimits): number[] => {
  const d = decoding.createDecoder(update)
  const writers: number[] = []
  let structs = 0
  const clients = yjsCount(d, limits.maxYjsClients, 'maxYjsClients', 'clients', 3)
  for (let c = 0; c < clients; c++) {
    const n = yjsCount(d, limits.maxYjsStructs - structs, 'maxYjsStructs', 'structs', 2)
    structs += n
    const client = readUintIn(d, 0, UINT32_MAX)
    if (n > 0) writers.push(client)
    let clock = readUintIn(d, 0, MAX_CLOCK)
    for (let i = 0; i < n; i++) {
      clock += checkStruct(d, limits, client, clock)
      if (clock > MAX_CLOCK) yfail('clock exceeds 2^53 - 1')
    }
  }
  let ranges = 0
  const dsClients = yjsCount(d, limits.maxYjsClients, 'maxYjsClients', 'delete-set clients', 2)
  for (let c = 0; c < dsClients; c++) {
    readUintIn(d, 0, UINT32_MAX)
    const n = yjsCount(
      d,
      limits.maxYjsDeleteRanges - ranges,
      'maxYjsDeleteRanges',
      'delete ranges',
      2,
    )
    ranges += n
    for (let i = 0; i < n; i++) {
      const clock = readUintIn(d, 0, MAX_CLOCK)
      if (clock + readUintIn(d, 1, MAX_CLOCK) > MAX_CLOCK) yfail('delete range exceeds 2^53 - 1')
    }
  }
  if (remaining(d) !== 0)
    fail('trailing_bytes', `Yjs update: ${remaining(d)} bytes after the delete set`)
  return writers
}

/**
 * The Yjs client ids an update's structs are written under, or undefined when it is not a
 * well-formed update. TEXT-2: a server refuses an op whose text is written under any client id
 * but its author's replica (the replica id is the Yjs client id, TEXT-1).
 */
export const yjsUpdateWriters = (update: Uint8Array): number[] | undefined => {
  try {
    return checkYjsUpdate(update, PROTOCOL_LIMITS)
  } catch {
    return undefined
  }
}
