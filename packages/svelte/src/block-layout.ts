/**
 * The vertical layout of a virtualized block list: where each block starts — from the
 * heights measured in the DOM where known and an estimate elsewhere — and which blocks a
 * scroll window shows. Plain functions over plain data; BlockList keeps the state.
 *
 * Invariants: `offsets` has one entry per block plus one; `offsets[0]` is 0, entries never
 * decrease, and the last one is the list's total height.
 */

/**
 * Start offsets (px) of `ids`, plus the total height as the last entry. O(n), and 10,000
 * blocks take well under a millisecond, so it is recomputed whole rather than patched.
 */
export const layoutBlocks = (
  ids: readonly string[],
  measured: ReadonlyMap<string, number>,
  estimatedHeight: number,
): Float64Array => {
  const offsets = new Float64Array(ids.length + 1)
  let y = 0
  for (let i = 0; i < ids.length; i++) {
    offsets[i] = y
    y += measured.get(ids[i] as string) ?? estimatedHeight
  }
  offsets[ids.length] = y
  return offsets
}

/** How many blocks start before `y` (or at it, when `inclusive`): a binary search. */
const blocksStartingBefore = (offsets: Float64Array, y: number, inclusive: boolean): number => {
  let low = 0
  let high = offsets.length - 1 // the blocks' starts are offsets[0 .. n-1]
  while (low < high) {
    const middle = (low + high) >>> 1
    const start = offsets[middle] as number
    if (start < y || (inclusive && start === y)) low = middle + 1
    else high = middle
  }
  return low
}

/** The index of the block under `y`, clamped to the list; -1 for an empty list. */
export const blockAt = (offsets: Float64Array, y: number): number =>
  Math.min(Math.max(blocksStartingBefore(offsets, y, true) - 1, 0), offsets.length - 2)

/** Half-open index ranges: the blocks on screen, and those to render (with overscan). */
export interface VisibleRange {
  readonly firstVisible: number
  readonly endVisible: number
  readonly start: number
  readonly end: number
}

/**
 * Which blocks the window `[scrollTop, scrollTop + viewportHeight)` shows, and which to render:
 * those plus `overscan` blocks on each side. A block is visible when any of it is on screen;
 * the block at `scrollTop` counts even in a window of height 0.
 */
export const visibleRange = (
  offsets: Float64Array,
  scrollTop: number,
  viewportHeight: number,
  overscan: number,
): VisibleRange => {
  const count = offsets.length - 1
  if (count <= 0) return { firstVisible: 0, endVisible: 0, start: 0, end: 0 }
  const firstVisible = blockAt(offsets, scrollTop)
  const bottom = scrollTop + Math.max(viewportHeight, 0)
  const endVisible = Math.max(firstVisible + 1, blocksStartingBefore(offsets, bottom, false))
  return {
    firstVisible,
    endVisible,
    start: Math.max(firstVisible - overscan, 0),
    end: Math.min(endVisible + overscan, count),
  }
}

/** A block held in place across layout changes: `scrollTop` minus the block's offset. */
export interface ScrollAnchor {
  readonly id: string
  readonly delta: number
}

/**
 * The block to keep in place when heights or the list change: the first one on screen whose
 * height was already known — what the user has seen — else the one at the top. Blocks newly
 * measured above it then grow upwards, out of sight, instead of pushing the screen down.
 */
export const scrollAnchor = (
  ids: readonly string[],
  offsets: Float64Array,
  scrollTop: number,
  viewportHeight: number,
  known: (id: string) => boolean,
): ScrollAnchor | undefined => {
  const { firstVisible, endVisible } = visibleRange(offsets, scrollTop, viewportHeight, 0)
  if (firstVisible >= endVisible) return undefined
  let index = firstVisible
  for (let i = firstVisible; i < endVisible; i++) {
    if (known(ids[i] as string)) {
      index = i
      break
    }
  }
  return { id: ids[index] as string, delta: scrollTop - (offsets[index] as number) }
}
