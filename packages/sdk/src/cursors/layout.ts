/**
 * Which cursor marks to draw, and where: a pure function from the room's others and clusters
 * to marks in canvas (CSS pixel) coordinates. No DOM here: positions come from the callbacks
 * the app gives, so the layout runs and is tested in Node.
 *
 * Invariants: a block shows either carets or one badge, never both; a block with more than
 * `maxCaretsPerBlock` carets (counted here, or clustered by the server) shows a badge; marks
 * wholly outside the canvas are left out; x and y fall on device pixels (sharp 2 px bars).
 */
import type { BlockId, Color, CursorCluster } from '@markdownsync/core'
import type { Other } from '../room/types.js'
import { selectionBands } from './selection.js'

/** A box in client (viewport) coordinates, as `Range.getBoundingClientRect()` returns. */
export interface RectLike {
  readonly left: number
  readonly top: number
  readonly width?: number
  readonly height: number
}

/** A text position to measure: UTF-16 offset `index` in `block`'s text. */
export interface CaretPlace {
  readonly block: BlockId
  readonly index: number
}

export type CaretRect = (place: CaretPlace) => RectLike | null
export type BlockRect = (block: BlockId) => RectLike | null

/** What one mark needs to be painted; coordinates in CSS pixels from the canvas's corner. */
export type CursorMark =
  | {
      readonly kind: 'caret'
      readonly x: number
      readonly y: number
      readonly height: number
      readonly color: Color
      readonly label: string
    }
  /** The tinted part of a selection, one band per line. */
  | {
      readonly kind: 'band'
      readonly x: number
      readonly y: number
      readonly width: number
      readonly height: number
      readonly color: Color
    }
  /** "N users" for a crowded block: its count and a few of their colours. */
  | {
      readonly kind: 'badge'
      readonly x: number
      readonly y: number
      readonly count: number
      readonly colors: readonly Color[]
    }

export interface CursorLayoutInput {
  readonly others: readonly Pick<Other, 'user' | 'cursor'>[]
  readonly clusters: readonly CursorCluster[]
  readonly caretRect: CaretRect
  readonly blockRect?: BlockRect | undefined
  /** The canvas's top-left corner in client coordinates. */
  readonly originLeft: number
  readonly originTop: number
  /** The canvas's size in CSS pixels. */
  readonly width: number
  readonly height: number
  readonly pixelRatio: number
  /** More carets than this in one block become a badge (the server's rule: 10). */
  readonly maxCaretsPerBlock: number
}

/** Colour dots a badge shows at most. */
export const BADGE_COLORS = 4

/** The marks to paint, in paint order: selection bands, then carets, then badges. */
export const layoutCursors = (input: CursorLayoutInput): CursorMark[] => {
  const {
    others,
    caretRect,
    blockRect,
    pixelRatio: ratio,
    originLeft: left,
    originTop: top,
  } = input
  const snap = (value: number): number => Math.round(value * ratio) / ratio
  const visible = (y: number, height: number, x: number, width: number): boolean =>
    y + height >= 0 && y <= input.height && x + width >= 0 && x <= input.width

  const crowds = crowdedBlocks(input)
  const bands: CursorMark[] = []
  const carets: CursorMark[] = []
  for (const { user, cursor } of others) {
    if (cursor === null || cursor.index === null || crowds.has(cursor.block)) continue
    const at = caretRect({ block: cursor.block, index: cursor.index })
    if (at === null) continue
    const x = snap(at.left - left)
    const y = snap(at.top - top)
    const height = snap(at.height)
    if (!visible(y, height, x - 1, 2)) continue
    carets.push({ kind: 'caret', x, y, height, color: user.color, label: user.name })
    if (cursor.head == null || cursor.head === cursor.index) continue
    const end = caretRect({ block: cursor.block, index: cursor.head })
    if (end !== null) {
      const head = { x: snap(end.left - left), y: snap(end.top - top) }
      const block = blockRect?.(cursor.block) ?? null
      for (const band of selectionBands(
        { x, y, height },
        { ...head, height: snap(end.height) },
        block && {
          left: snap(block.left - left),
          right: snap(block.left + (block.width ?? 0) - left),
        },
      ))
        bands.push({ kind: 'band', ...band, color: user.color })
    }
  }

  const badges: CursorMark[] = []
  for (const [block, crowd] of crowds) {
    const at = blockRect?.(block) ?? caretRect({ block, index: 0 })
    if (at === null) continue
    const x = snap(at.left - left)
    const y = snap(at.top - top)
    if (visible(y, at.height, x, at.width ?? 0))
      badges.push({ kind: 'badge', x, y, count: crowd.count, colors: crowd.colors })
  }
  return [...bands, ...carets, ...badges]
}

interface Crowd {
  count: number
  colors: readonly Color[]
}

/** Blocks shown as a badge: the server's clusters, and blocks where this client counts too many. */
export const crowdedBlocks = (
  input: Pick<CursorLayoutInput, 'others' | 'clusters' | 'maxCaretsPerBlock'>,
): Map<BlockId, Crowd> => {
  const perBlock = new Map<BlockId, { count: number; colors: Color[] }>()
  for (const { user, cursor } of input.others) {
    if (cursor === null) continue
    const entry = perBlock.get(cursor.block) ?? { count: 0, colors: [] }
    perBlock.set(cursor.block, entry)
    entry.count++
    if (entry.colors.length < BADGE_COLORS && !entry.colors.includes(user.color))
      entry.colors.push(user.color)
  }
  const crowds = new Map<BlockId, Crowd>()
  for (const [block, entry] of perBlock)
    if (entry.count > input.maxCaretsPerBlock) crowds.set(block, entry)
  for (const cluster of input.clusters) {
    if (cluster.count <= 0) continue
    // the server stops sending a clustered block's carets (CLUSTER-1/2): a local count is a rest
    const local = crowds.get(cluster.block)?.count ?? 0
    crowds.set(cluster.block, {
      count: Math.max(cluster.count, local),
      colors: cluster.colors.slice(0, BADGE_COLORS),
    })
  }
  return crowds
}
