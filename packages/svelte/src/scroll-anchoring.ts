/**
 * Keeps what the user sees in place while a virtualized list's layout changes under it:
 * blocks measured for the first time, blocks that grow, blocks inserted or deleted above.
 * Before a change it holds an anchor — a block on screen and how far it is scrolled past —
 * taken against the layout on screen; after the change it says where to scroll so that the
 * block is back where it was (the idea of CSS scroll anchoring, done by hand because the
 * blocks are absolutely positioned).
 *
 * Invariants: `painted` is the layout last put on screen; while `changing`, the DOM may be
 * ahead of it and no anchor is taken, so an anchor is never measured against a layout the
 * user has not seen.
 */
import { type ScrollAnchor, scrollAnchor } from './block-layout.js'

/** The block ids of a list and their start offsets (see layoutBlocks). */
export interface ListLayout {
  readonly ids: readonly string[]
  readonly offsets: Float64Array
}

export class ScrollAnchoring {
  private painted: ListLayout | undefined
  private anchor: ScrollAnchor | undefined
  private changing = false

  /** `known(id)`: whether a block's real height is known (what the user has seen). */
  constructor(private readonly known: (id: string) => boolean) {}

  /** Holds what is on screen at `scrollTop` now; ignored while a change is under way. */
  hold(scrollTop: number, viewportHeight: number): void {
    if (this.changing || this.painted === undefined) return
    const { ids, offsets } = this.painted
    this.anchor = scrollAnchor(ids, offsets, scrollTop, viewportHeight, this.known)
  }

  /** The layout is about to change (after `hold`): nothing is held until `settle`. */
  change(): void {
    this.changing = true
  }

  /**
   * `layout` is on screen now: the scroll position that puts the held block back where it
   * was, or undefined (nothing held, or the block left the list).
   */
  settle(layout: ListLayout, indexOf: ReadonlyMap<string, number>): number | undefined {
    this.changing = false
    this.painted = layout
    const anchor = this.anchor
    const index = anchor === undefined ? undefined : indexOf.get(anchor.id)
    if (anchor === undefined || index === undefined) return undefined
    return (layout.offsets[index] as number) + anchor.delta
  }
}
