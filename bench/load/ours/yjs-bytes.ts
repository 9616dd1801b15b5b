/**
 * Yjs v1 updates written by hand, so that a simulated editor can author text without a Yjs
 * document of its own: one Y.Doc per editor per block would not fit a thousand editors in one
 * process. The layout is Yjs 13's `writeClientsStructs` and `writeDeleteSet` with the v1
 * encoder (yjs/src/utils/encoding.js, DeleteSet.js, structs/Item.js):
 *
 *   update = structs deleteSet
 *   structs = varuint clients, then per client: varuint count, varuint client, varuint clock, items
 *   item (a string) = info byte (content ref 4 | 0x80 origin | 0x40 right origin),
 *                     origin (client, clock)?, right origin (client, clock)?,
 *                     root type name when it has neither origin, varstring text
 *   deleteSet = varuint clients, then per client: varuint client, varuint ranges, (clock, len)*
 *
 * Text is ASCII only here, so a string's Yjs length (UTF-16 units) is its byte length.
 */

import { ByteWriter } from '../bytes.js'

export interface ItemId {
  readonly client: number
  readonly clock: number
}

export interface DeleteRange extends ItemId {
  readonly length: number
}

const CONTENT_STRING = 4
const HAS_ORIGIN = 0x80
const HAS_RIGHT_ORIGIN = 0x40

/**
 * An update inserting `text` as one item of `client` at `clock`, between `origin` and
 * `rightOrigin` (null: the start / the end). With neither, the item names its parent: the
 * block document's root type `rootName`.
 */
export const insertUpdate = (
  client: number,
  clock: number,
  text: string,
  origin: ItemId | null,
  rightOrigin: ItemId | null,
  rootName: string,
): Uint8Array => {
  const w = new ByteWriter()
  w.varUint(1)
  w.varUint(1)
  w.varUint(client)
  w.varUint(clock)
  w.byte(
    CONTENT_STRING |
      (origin === null ? 0 : HAS_ORIGIN) |
      (rightOrigin === null ? 0 : HAS_RIGHT_ORIGIN),
  )
  if (origin !== null) {
    w.varUint(origin.client)
    w.varUint(origin.clock)
  }
  if (rightOrigin !== null) {
    w.varUint(rightOrigin.client)
    w.varUint(rightOrigin.clock)
  }
  if (origin === null && rightOrigin === null) {
    // parent info: 1 = the parent is a root type, named by the string that follows
    w.varUint(1)
    w.ascii(rootName)
  }
  w.ascii(text)
  w.varUint(0)
  return w.done()
}

/** An update that only deletes: no structs, the ranges as a delete set grouped by client. */
export const deleteUpdate = (ranges: readonly DeleteRange[]): Uint8Array => {
  const byClient = new Map<number, DeleteRange[]>()
  for (const range of ranges) {
    const list = byClient.get(range.client)
    if (list === undefined) byClient.set(range.client, [range])
    else list.push(range)
  }
  const w = new ByteWriter()
  w.varUint(0)
  w.varUint(byClient.size)
  for (const [client, list] of byClient) {
    list.sort((a, b) => a.clock - b.clock)
    w.varUint(client)
    w.varUint(list.length)
    for (const range of list) {
      w.varUint(range.clock)
      w.varUint(range.length)
    }
  }
  return w.done()
}

/** The update of an empty change: what a Yjs document with nothing to say encodes. */
export const EMPTY_UPDATE = Uint8Array.of(0, 0)
