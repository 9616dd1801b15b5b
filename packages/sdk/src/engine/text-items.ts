/**
 * Reading a block's Y.Text item by item: the visible index of a character given its Yjs id,
 * the formatted runs of a range with the ids of their characters, and resolving Yjs relative
 * positions (core's `encodeRelativePosition` encodes them).
 *
 * Why by hand: `yjs` is a dependency of `@markdownsync/core`, not of the SDK, so the SDK has no
 * `Y.UndoManager` or `Y.createRelativePositionFromTypeIndex`; it has the `Y.Text` instances the
 * replica hands out, whose item list (`_start`, `right`, `id`, `deleted`, `countable`, `content`)
 * is public in Yjs 13's typings. Positions are UTF-16 code units, as in Yjs.
 */
import type { DocumentReplica } from '@markdownsync/core'

export type YText = ReturnType<DocumentReplica['yText']>
type YItem = NonNullable<YText['_start']>

/** A run of characters by one Yjs client: (client, clock) … (client, clock + length - 1). */
export interface IdRange {
  readonly client: number
  readonly clock: number
  readonly length: number
}

/** Characters with their text and formatting, as they were when captured. */
export interface TextSegment extends IdRange {
  readonly text: string
  readonly attributes?: Readonly<Record<string, unknown>>
}

export type Attributes = Record<string, unknown>

const formatOf = (item: YItem): { key: string; value: unknown } | undefined => {
  const content = item.content as unknown as { key?: unknown; value?: unknown }
  return typeof content.key === 'string' && 'value' in content
    ? { key: content.key, value: content.value }
    : undefined
}

const stringOf = (item: YItem): string | undefined => {
  const str = (item.content as unknown as { str?: unknown }).str
  return typeof str === 'string' ? str : undefined
}

const applyFormat = (attributes: Map<string, unknown>, item: YItem): void => {
  const format = formatOf(item)
  if (format === undefined || item.deleted) return
  if (format.value === null) attributes.delete(format.key)
  else attributes.set(format.key, format.value)
}

const snapshotAttributes = (attributes: Map<string, unknown>): Attributes | undefined =>
  attributes.size === 0 ? undefined : Object.fromEntries(attributes)

/** The next clock Yjs client `client` will write with in this text's document. */
export const ownClock = (text: YText, client: number): number => {
  const structs = text.doc?.store.clients.get(client)
  const last = structs?.[structs.length - 1]
  return last === undefined ? 0 : last.id.clock + last.length
}

/** Visible characters from `from` for `length`, split where items or formatting change. */
export const segmentsIn = (text: YText, from: number, length: number): TextSegment[] => {
  const out: TextSegment[] = []
  const attributes = new Map<string, unknown>()
  const end = from + length
  let index = 0
  for (let item = text._start; item !== null && index < end; item = item.right) {
    applyFormat(attributes, item)
    if (item.deleted || !item.countable) continue
    const itemEnd = index + item.length
    if (itemEnd > from) {
      const start = Math.max(from, index) - index
      const stop = Math.min(end, itemEnd) - index
      const str = stringOf(item)
      if (str !== undefined) {
        const attrs = snapshotAttributes(attributes)
        out.push({
          client: item.id.client,
          clock: item.id.clock + start,
          length: stop - start,
          text: str.slice(start, stop),
          ...(attrs === undefined ? {} : { attributes: attrs }),
        })
      }
    }
    index = itemEnd
  }
  return out
}

/** Where the characters of `range` that are still visible are now, as index ranges. */
export const locate = (text: YText, range: IdRange): Array<{ index: number; length: number }> => {
  const out: Array<{ index: number; length: number }> = []
  const end = range.clock + range.length
  let index = 0
  for (let item = text._start; item !== null; item = item.right) {
    const visible = !item.deleted && item.countable
    if (visible && item.id.client === range.client) {
      const start = Math.max(range.clock, item.id.clock)
      const stop = Math.min(end, item.id.clock + item.length)
      if (stop > start) {
        const at = index + (start - item.id.clock)
        const last = out[out.length - 1]
        if (last !== undefined && last.index + last.length === at) last.length += stop - start
        else out.push({ index: at, length: stop - start })
      }
    }
    if (visible) index += item.length
  }
  return out
}

/**
 * The visible index of character (client, clock): where it is, or where it was when it is
 * deleted (its tombstone keeps its place in the list). Undefined when the text never had it.
 */
export const indexOfId = (text: YText, client: number, clock: number): number | undefined => {
  let index = 0
  for (let item = text._start; item !== null; item = item.right) {
    const visible = !item.deleted && item.countable
    if (item.id.client === client && clock >= item.id.clock && clock < item.id.clock + item.length)
      return visible ? index + (clock - item.id.clock) : index
    if (visible) index += item.length
  }
  return undefined
}

/** Visible characters written by `client` at or after `fromClock` (what an edit inserted). */
export const insertedSince = (text: YText, client: number, fromClock: number): IdRange[] => {
  const out: IdRange[] = []
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable || item.id.client !== client) continue
    const start = Math.max(fromClock, item.id.clock)
    const stop = item.id.clock + item.length
    if (stop > start) out.push({ client, clock: start, length: stop - start })
  }
  return out
}

// ------------------------------------------------------------ relative positions

const readVarUint = (bytes: Uint8Array, at: { i: number }): number | undefined => {
  let value = 0
  let scale = 1
  for (let n = 0; n < 8; n++) {
    const byte = bytes[at.i++]
    if (byte === undefined) return undefined
    value += (byte & 0x7f) * scale
    if (byte < 0x80) return value
    scale *= 128
  }
  return undefined
}

/** The index a relative position points at now, or undefined when it is not in this text. */
export const resolveRelativePosition = (text: YText, bytes: Uint8Array): number | undefined => {
  const at = { i: 0 }
  const kind = readVarUint(bytes, at)
  if (kind === 0) {
    const client = readVarUint(bytes, at)
    const clock = readVarUint(bytes, at)
    if (client === undefined || clock === undefined) return undefined
    return indexOfId(text, client, clock)
  }
  // kind 1 (the type's name): past the last character
  return kind === 1 ? text.length : undefined
}
