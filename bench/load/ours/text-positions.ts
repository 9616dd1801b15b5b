/**
 * Where an edit lands in a block's text, read from the model replica's Y.Text: the ids of the
 * characters around an index (the origins of an insert, YATA's left and right neighbours) and
 * the ids of a run of visible characters (what a delete names). Walks Yjs's item list directly,
 * as `Y.Text.insert` does, without changing anything.
 */
import type * as Y from 'yjs'
import type { DeleteRange, ItemId } from './yjs-bytes.js'

interface Neighbours {
  readonly origin: ItemId | null
  readonly rightOrigin: ItemId | null
}

/** The characters left and right of visible index `index` (clamped to the text). */
export const neighboursAt = (text: Y.Text, index: number): Neighbours => {
  let left = index
  let origin: ItemId | null = null
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) {
      if (left === 0 && origin !== null) return { origin, rightOrigin: item.id }
      continue
    }
    if (left === 0) return { origin, rightOrigin: { client: item.id.client, clock: item.id.clock } }
    if (left < item.length) {
      return {
        origin: { client: item.id.client, clock: item.id.clock + left - 1 },
        rightOrigin: { client: item.id.client, clock: item.id.clock + left },
      }
    }
    left -= item.length
    origin = { client: item.id.client, clock: item.id.clock + item.length - 1 }
  }
  return { origin, rightOrigin: null }
}

/** The ids of visible characters [index, index + length), as contiguous ranges. */
export const rangesOf = (text: Y.Text, index: number, length: number): DeleteRange[] => {
  const ranges: DeleteRange[] = []
  let skip = index
  let want = length
  for (let item = text._start; item !== null && want > 0; item = item.right) {
    if (item.deleted || !item.countable) continue
    if (skip >= item.length) {
      skip -= item.length
      continue
    }
    const take = Math.min(item.length - skip, want)
    ranges.push({ client: item.id.client, clock: item.id.clock + skip, length: take })
    want -= take
    skip = 0
  }
  return ranges
}

/** Visible length of the text, without building its string. */
export const visibleLength = (text: Y.Text): number => text.length
