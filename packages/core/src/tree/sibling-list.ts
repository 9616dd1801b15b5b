/**
 * The ordered children of one block, sorted by (key, id) (MOVE-4), as a list of small chunks.
 *
 * Why chunks: a flat sorted array made every move shift up to n pointers; with 2,000 blocks
 * under one parent (a plain document) that shifting, with GC write barriers, was half of the
 * time of a move in the local-move benchmark. Chunks of at most 2×CHUNK entries bound each
 * shift to a few dozen pointers, and finding the chunk is a binary search over the chunks.
 *
 * Invariants: chunks are non-empty, each sorted, and every entry of a chunk sorts before every
 * entry of the next; `length` is the sum of the chunk lengths.
 */
import type { BlockId } from '../ids.js'

export interface SiblingEntry {
  readonly id: BlockId
  key: string
}

const CHUNK = 64

const before = (a: SiblingEntry, key: string, id: BlockId): boolean =>
  a.key < key || (a.key === key && a.id < id)

/** Index of the first entry of `list` sorting at or after (key, id). */
const search = (list: readonly SiblingEntry[], key: string, id: BlockId): number => {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before(list[mid]!, key, id)) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class SiblingList<T extends SiblingEntry> {
  private chunks: T[][] = []
  length = 0

  /** Index of the chunk that holds, or would hold, (key, id). */
  private chunkFor(key: string, id: BlockId): number {
    const chunks = this.chunks
    let lo = 0
    let hi = chunks.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const chunk = chunks[mid]!
      if (before(chunk[chunk.length - 1]!, key, id)) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  insert(entry: T): void {
    this.length++
    const chunks = this.chunks
    if (chunks.length === 0) {
      chunks.push([entry])
      return
    }
    const at = this.chunkFor(entry.key, entry.id)
    const chunk = chunks[at]!
    const last = chunk[chunk.length - 1]!
    if (before(last, entry.key, entry.id)) chunk.push(entry)
    else chunk.splice(search(chunk, entry.key, entry.id), 0, entry)
    if (chunk.length > 2 * CHUNK) chunks.splice(at + 1, 0, chunk.splice(CHUNK))
  }

  /** Removes `entry`, which must be in the list under its current key. */
  remove(entry: T): boolean {
    const chunks = this.chunks
    if (chunks.length === 0) return false
    const at = this.chunkFor(entry.key, entry.id)
    const chunk = chunks[at]!
    const i = search(chunk, entry.key, entry.id)
    if (chunk[i] !== entry) return false
    if (i === chunk.length - 1) chunk.pop()
    else chunk.splice(i, 1)
    if (chunk.length === 0) chunks.splice(at, 1)
    this.length--
    return true
  }

  at(index: number): T | undefined {
    if (index < 0) return undefined
    for (const chunk of this.chunks) {
      if (index < chunk.length) return chunk[index]
      index -= chunk.length
    }
    return undefined
  }

  /** Position of `entry` among the siblings, or -1. */
  indexOf(entry: T): number {
    const at = this.chunkFor(entry.key, entry.id)
    const chunk = this.chunks[at]
    if (chunk === undefined) return -1
    const i = search(chunk, entry.key, entry.id)
    if (chunk[i] !== entry) return -1
    let offset = 0
    for (let c = 0; c < at; c++) offset += this.chunks[c]!.length
    return offset + i
  }

  last(): T | undefined {
    const chunk = this.chunks[this.chunks.length - 1]
    return chunk?.[chunk.length - 1]
  }

  toArray(): T[] {
    return this.chunks.length === 1 ? [...this.chunks[0]!] : this.chunks.flat()
  }

  map<U>(f: (entry: T) => U): U[] {
    const out: U[] = new Array(this.length)
    let i = 0
    for (const chunk of this.chunks) for (const entry of chunk) out[i++] = f(entry)
    return out
  }
}
