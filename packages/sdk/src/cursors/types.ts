/** The public shapes of the cursor canvas: what it reads, the options it takes, what it returns. */
import type { CursorCluster } from '@markdownsync/core'
import type { Other } from '../room/types.js'
import type { BlockRect, CaretRect } from './layout.js'

/** A store as the overlay reads it; nanostores' atoms (and so a `Room`'s stores) fit. */
export interface ReadableValue<T> {
  get(): T
  listen(listener: (value: T) => void): () => void
}

/** Where the carets come from: a `Room`, or anything with the same two stores. */
export interface CursorSource {
  readonly $others: ReadableValue<readonly Pick<Other, 'user' | 'cursor'>[]>
  readonly $clusters: ReadableValue<readonly CursorCluster[]>
}

export interface CursorCanvasOptions {
  /** The element holding the blocks; the canvas covers its visible box and follows its scroll. */
  readonly container: HTMLElement
  /** Where a caret at this text position is, in client coordinates; null when not shown. */
  readonly caretRect: CaretRect
  /** A block's box in client coordinates: anchors badges and multi-line selections. */
  readonly blockRect?: BlockRect
  /** CSS font of labels and badges. Default `600 11px system-ui, sans-serif`. */
  readonly font?: string
  /** Whether carets carry their user's name. Default true. */
  readonly labels?: boolean
  /** More carets than this in one block become one "N users" badge. Default 10 (the server's). */
  readonly maxCaretsPerBlock?: number
}

export interface CursorCanvasStats {
  /** Frames drawn since creation. */
  readonly frames: number
  /** How long the last frame took to lay out and paint, in ms. */
  readonly lastFrameMs: number
  /** Marks (carets, selection bands, badges) in the last frame. */
  readonly marks: number
}

/** The overlay once its code has loaded. */
export interface MountedCursorCanvas {
  readonly stats: CursorCanvasStats
  /** Draws now; needed only when caret positions moved without a DOM change or a scroll. */
  redraw(): void
  /** Removes the canvas and every listener. */
  destroy(): void
}

export interface CursorCanvas extends MountedCursorCanvas {
  /** The overlay's canvas (in the container once `ready`). */
  readonly canvas: HTMLCanvasElement
  /**
   * Resolves once the overlay's code has loaded and it listens (it draws in the next frame);
   * rejects if that code could not load. Until then `redraw()` does nothing.
   */
  readonly ready: Promise<void>
}
