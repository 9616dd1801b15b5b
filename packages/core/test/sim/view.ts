/**
 * How the workload looks at one replica before choosing an op: which blocks it has, where they
 * are, and which text offsets are safe (not inside a tracked marker). Read-only.
 */
import { type BlockId, ROOT_ID, TRASH_ID } from '../../src/ids.js'
import type { SimReplica } from './contract.js'

/** Every block under `root` (live) or `trash`, pre-order. */
export const blocksUnder = (r: SimReplica, top: BlockId): BlockId[] => {
  const out: BlockId[] = []
  const visit = (id: BlockId): void => {
    for (const c of r.children(id)) {
      out.push(c)
      visit(c)
    }
  }
  visit(top)
  return out
}

export const liveBlocks = (r: SimReplica): BlockId[] => blocksUnder(r, ROOT_ID)
export const trashedBlocks = (r: SimReplica): BlockId[] => blocksUnder(r, TRASH_ID)

/** True when `ancestor` is `of` or one of its ancestors in this replica's tree. */
export const isAncestorOrSelf = (r: SimReplica, ancestor: BlockId, of: BlockId): boolean => {
  for (let at: BlockId | undefined = of; at !== undefined; at = r.parent(at)) {
    if (at === ancestor) return true
    if (at === ROOT_ID || at === TRASH_ID) return false
  }
  return false
}

export const MARKER_PATTERN = /<M\d+>/g

export const markerRanges = (text: string): Array<[start: number, end: number]> =>
  [...text.matchAll(MARKER_PATTERN)].map((m) => [m.index, m.index + m[0].length])

/** Offsets 0..length that do not fall strictly inside a marker (safe to insert or split at). */
export const safeOffsets = (text: string): number[] => {
  const ranges = markerRanges(text)
  const out: number[] = []
  for (let i = 0; i <= text.length; i++) if (!ranges.some(([s, e]) => i > s && i < e)) out.push(i)
  return out
}

/** The longest deletion starting at `start` that leaves every marker whole. */
export const safeDeleteLength = (text: string, start: number): number => {
  let limit = text.length - start
  for (const [s, e] of markerRanges(text)) {
    if (start >= s && start < e) return 0
    if (s >= start) limit = Math.min(limit, s - start)
  }
  return limit
}
