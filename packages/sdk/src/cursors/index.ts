/**
 * Other users' carets drawn on one canvas over the text: layout (pure), painter, overlay, and
 * the entry point that loads them. Only types and `createCursorCanvas` are exported here, so
 * the main entry carries no more than that entry point.
 */
export { createCursorCanvas } from './cursor-canvas.js'
export type { BlockRect, CaretPlace, CaretRect, RectLike } from './layout.js'
export type {
  CursorCanvas,
  CursorCanvasOptions,
  CursorCanvasStats,
  CursorSource,
  MountedCursorCanvas,
  ReadableValue,
} from './types.js'
