/**
 * The cursor canvas's life in the page: one `<canvas>` over the part of the container that is on
 * screen, in device pixels, redrawn at most once per animation frame and only when something that
 * moves carets changed — the room's cursors, the container's size, a scroll anywhere, the
 * text under the container (a MutationObserver), or the device pixel ratio.
 */
import { layoutCursors } from './layout.js'
import { createCursorPainter } from './painter.js'
import type { CursorCanvasOptions, CursorSource, MountedCursorCanvas } from './types.js'

/** Puts `canvas` over `options.container` and draws `room`'s other users' carets on it. */
export const mountCursorCanvas = (
  canvas: HTMLCanvasElement,
  room: CursorSource,
  options: CursorCanvasOptions,
): MountedCursorCanvas => {
  const { container } = options
  const view = container.ownerDocument.defaultView!
  canvas.setAttribute('aria-hidden', 'true')
  canvas.style.cssText = 'position:absolute;pointer-events:none;z-index:1'
  // the canvas is positioned against the container, which must therefore be positioned
  const staticContainer = view.getComputedStyle(container).position === 'static'
  const inlinePosition = container.style.position
  if (staticContainer) container.style.position = 'relative'
  container.append(canvas)
  const context = canvas.getContext('2d')!
  const paint = createCursorPainter()
  const style = {
    font: options.font ?? '600 11px system-ui, sans-serif',
    labels: options.labels ?? true,
  }
  const stats = { frames: 0, lastFrameMs: 0, marks: 0 }
  let pending = 0
  let ratio = 0
  let ratioQuery: MediaQueryList | undefined
  // the container's size at the last frame, and the canvas's (CSS pixels)
  let fullWidth = -1
  let fullHeight = -1
  let width = 0
  let height = 0

  const draw = (): void => {
    view.cancelAnimationFrame(pending)
    pending = 0
    const started = performance.now()
    const pixelRatio = view.devicePixelRatio || 1
    fullWidth = container.clientWidth
    fullHeight = container.clientHeight
    // no larger than the window: a tall container scrolled with the page would need a huge canvas
    const nextWidth = Math.min(fullWidth, view.innerWidth)
    const nextHeight = Math.min(fullHeight, view.innerHeight)
    if (nextWidth !== width || nextHeight !== height || pixelRatio !== ratio) {
      if (pixelRatio !== ratio) watchRatio(pixelRatio)
      width = nextWidth
      height = nextHeight
      canvas.width = Math.round(width * ratio)
      canvas.height = Math.round(height * ratio)
      canvas.style.width = `${width}px`
      canvas.style.height = `${height}px`
    }
    // cover the part of the container on screen, wherever the container and the page scrolled
    const box = container.getBoundingClientRect()
    const left = box.left + container.clientLeft
    const top = box.top + container.clientTop
    const dx = Math.min(Math.max(-left, 0), fullWidth - width)
    const dy = Math.min(Math.max(-top, 0), fullHeight - height)
    place('left', container.scrollLeft + dx)
    place('top', container.scrollTop + dy)
    // the browser puts the canvas on whole device pixels: measure from where it really is
    const snap = (value: number): number => Math.round(value * ratio) / ratio
    const marks = layoutCursors({
      ...options,
      others: room.$others.get(),
      clusters: room.$clusters.get(),
      originLeft: snap(left + dx),
      originTop: snap(top + dy),
      width,
      height,
      pixelRatio: ratio,
      maxCaretsPerBlock: options.maxCaretsPerBlock ?? 10,
    })
    context.setTransform(ratio, 0, 0, ratio, 0, 0)
    context.clearRect(0, 0, width, height)
    paint(context, marks, style)
    stats.frames++
    stats.marks = marks.length
    stats.lastFrameMs = performance.now() - started
  }
  // an unchanged inline style is left alone, so a frame that moves nothing invalidates no style
  const place = (side: 'left' | 'top', value: number): void => {
    if (canvas.style[side] !== `${value}px`) canvas.style[side] = `${value}px`
  }
  const schedule = (): void => {
    if (pending === 0) pending = view.requestAnimationFrame(draw)
  }
  // a zoom or a move to another screen changes the ratio: the media query for it fires
  const watchRatio = (next: number): void => {
    ratioQuery?.removeEventListener('change', schedule)
    ratio = next
    ratioQuery = view.matchMedia(`(resolution: ${next}dppx)`)
    ratioQuery.addEventListener('change', schedule)
  }

  const resizes = new ResizeObserver(() => {
    if (container.clientWidth !== fullWidth || container.clientHeight !== fullHeight) schedule()
  })
  resizes.observe(container)
  const mutations = new MutationObserver(schedule)
  mutations.observe(container, { childList: true, subtree: true, characterData: true })
  const windowEvents = (method: 'addEventListener' | 'removeEventListener'): void => {
    for (const type of ['scroll', 'resize'])
      view[method](type, schedule, { capture: true, passive: true })
  }
  windowEvents('addEventListener')
  const stops = [
    room.$others.listen(schedule),
    room.$clusters.listen(schedule),
    () => resizes.disconnect(),
    () => mutations.disconnect(),
    () => windowEvents('removeEventListener'),
    () => ratioQuery?.removeEventListener('change', schedule),
  ]
  schedule()

  let destroyed = false
  return {
    stats,
    redraw: () => {
      if (!destroyed) draw()
    },
    destroy: () => {
      if (destroyed) return
      destroyed = true
      view.cancelAnimationFrame(pending)
      for (const stop of stops) stop()
      canvas.remove()
      if (staticContainer) container.style.position = inlinePosition
    },
  }
}
