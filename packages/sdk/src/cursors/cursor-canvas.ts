/**
 * `createCursorCanvas`, the part of the cursor canvas in the SDK's main entry. It returns at
 * once and loads the overlay (layout, painter, page lifecycle: ~2.3 kB gzipped) with a dynamic
 * import, so an app pays for cursors when it shows them, not at start: the main entry has a
 * 25 kB budget (test/bundle-size.test.ts).
 */
import type {
  CursorCanvas,
  CursorCanvasOptions,
  CursorSource,
  MountedCursorCanvas,
} from './types.js'

const NOT_DRAWN = { frames: 0, lastFrameMs: 0, marks: 0 } as const

/** Overlays `room`'s other users' carets on `options.container`, drawn on one canvas. */
export const createCursorCanvas = (
  room: CursorSource,
  options: CursorCanvasOptions,
): CursorCanvas => {
  const canvas = options.container.ownerDocument.createElement('canvas')
  let overlay: MountedCursorCanvas | undefined
  let destroyed = false
  const ready = import('./overlay.js').then(({ mountCursorCanvas }) => {
    if (!destroyed) overlay = mountCursorCanvas(canvas, room, options)
  })
  // a failed load rejects `ready` for whoever awaits it, without an unhandled rejection
  ready.catch(() => {})
  return {
    canvas,
    ready,
    get stats() {
      return overlay?.stats ?? NOT_DRAWN
    },
    redraw: () => overlay?.redraw(),
    destroy: () => {
      destroyed = true
      overlay?.destroy()
    },
  }
}
