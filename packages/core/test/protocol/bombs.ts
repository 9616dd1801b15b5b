/**
 * Hostile Yjs updates: tiny byte strings that declare enormous structures. Yjs itself would
 * pre-allocate from these counts (`new Array(numberOfStructs)`) or recurse on them.
 */
import * as encoding from 'lib0/encoding'

const build = (write: (e: encoding.Encoder) => void): Uint8Array => encoding.encode(write)

/** One client section declaring `count` structs, followed by a handful of real ones. */
export const structCountBomb = (count: number): Uint8Array =>
  build((e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, count)
    encoding.writeVarUint(e, 1) // client
    encoding.writeVarUint(e, 0) // clock
    for (let i = 0; i < 4; i++) encoding.writeUint8Array(e, new Uint8Array([0, 1])) // GC, length 1
  })

/** `count` client sections declared in the struct part. */
export const clientCountBomb = (count: number): Uint8Array =>
  build((e) => {
    encoding.writeVarUint(e, count)
    encoding.writeUint8Array(e, new Uint8Array([1, 1, 0, 0, 1]))
  })

/** A delete set declaring `count` ranges for one client. */
export const deleteSetBomb = (count: number): Uint8Array =>
  build((e) => {
    encoding.writeVarUint(e, 0) // no structs
    encoding.writeVarUint(e, 1) // one delete-set client
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, count)
    encoding.writeUint8Array(e, new Uint8Array([0, 1, 5, 1]))
  })

/** A GC struct whose length pushes the client's clock past 2^53. */
export const clockOverflowBomb = (): Uint8Array =>
  build((e) => {
    encoding.writeUint8Array(e, new Uint8Array([1, 2, 1]))
    encoding.writeVarUint(e, 2 ** 52) // clock
    encoding.writeUint8(e, 0)
    encoding.writeVarUint(e, 2 ** 52) // GC length
    encoding.writeUint8(e, 0)
    encoding.writeVarUint(e, 2 ** 52)
    encoding.writeUint8Array(e, new Uint8Array([0]))
  })

/** One item in root map "m" under key "k" whose content is `write`'s output (content ref `ref`). */
export const itemUpdate = (ref: number, write: (e: encoding.Encoder) => void): Uint8Array =>
  build((e) => {
    encoding.writeUint8Array(e, new Uint8Array([1, 1, 1, 0])) // 1 client, 1 struct, client 1, clock 0
    encoding.writeUint8(e, ref | 0x20) // no origins, has parentSub
    encoding.writeVarUint(e, 1) // parent is a root type, by name
    encoding.writeVarString(e, 'm')
    encoding.writeVarString(e, 'k')
    write(e)
    encoding.writeVarUint(e, 0) // empty delete set
  })

/** ContentAny holding `depth` nested arrays (lib0 `readAny` recurses once per level). */
export const anyDepthBomb = (depth: number): Uint8Array =>
  itemUpdate(8, (e) => {
    encoding.writeVarUint(e, 1)
    for (let i = 0; i < depth; i++) encoding.writeUint8Array(e, new Uint8Array([117, 1]))
    encoding.writeUint8(e, 126)
  })

/** ContentAny declaring an array of `count` values. */
export const anyCountBomb = (count: number): Uint8Array =>
  itemUpdate(8, (e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeUint8(e, 117)
    encoding.writeVarUint(e, count)
    encoding.writeUint8(e, 126)
  })

/** ContentEmbed whose JSON nests `depth` arrays. */
export const jsonDepthBomb = (depth: number): Uint8Array =>
  itemUpdate(5, (e) => encoding.writeVarString(e, '['.repeat(depth) + ']'.repeat(depth)))

/** ContentDoc: a subdocument, which makes Yjs create a whole Y.Doc. */
export const subdocUpdate = (): Uint8Array =>
  itemUpdate(9, (e) => {
    encoding.writeVarString(e, 'guid-1')
    encoding.writeUint8(e, 118)
    encoding.writeVarUint(e, 0)
  })

/** A varuint of `value`, possibly far above 2^32, as raw bytes. */
export const varuint = (value: number): Uint8Array => build((e) => encoding.writeVarUint(e, value))
