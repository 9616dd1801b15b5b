/**
 * Paints cursor marks on a 2D canvas context whose transform already maps CSS pixels to device
 * pixels. Only rectangles and text: `fillRect` is the cheapest thing a canvas draws, which is
 * what keeps 1,000 carets and labels within a few milliseconds (bench/cursors).
 */
import type { Color } from '@markdownsync/core'
import type { CursorMark } from './layout.js'

const LABEL_HEIGHT = 16
const LABEL_PADDING = 4
/** A badge's colour dot and the gap after it. */
const DOT_SPACING = 8
const BAND_ALPHA = 0.25
const BADGE_BACKGROUND = '#24292f'

export interface PaintStyle {
  /** A CSS font for labels and badges. */
  readonly font: string
  /** Whether carets carry their user's name. */
  readonly labels: boolean
}

export type CursorPainter = (
  context: CanvasRenderingContext2D,
  marks: readonly CursorMark[],
  style: PaintStyle,
) => void

/** A painter with its own cache of label widths (measuring text is the costly part). */
export const createCursorPainter = (): CursorPainter => {
  const widths = new Map<string, number>()
  let measuredFont = ''
  const textWidth = (context: CanvasRenderingContext2D, text: string): number => {
    let width = widths.get(text)
    if (width === undefined) {
      if (widths.size > 4096) widths.clear()
      width = context.measureText(text).width
      widths.set(text, width)
    }
    return width
  }
  // a label sits above its anchor, or below when there is no room above
  const labelTop = (y: number, below: number): number =>
    y >= LABEL_HEIGHT ? y - LABEL_HEIGHT : below

  return (context, marks, style) => {
    if (style.font !== measuredFont) {
      widths.clear()
      measuredFont = style.font
    }
    context.font = style.font
    context.textBaseline = 'middle'
    for (const mark of marks) {
      switch (mark.kind) {
        case 'band':
          context.globalAlpha = BAND_ALPHA
          context.fillStyle = mark.color
          context.fillRect(mark.x, mark.y, mark.width, mark.height)
          context.globalAlpha = 1
          break
        case 'caret': {
          context.fillStyle = mark.color
          context.fillRect(mark.x - 1, mark.y, 2, mark.height)
          if (!style.labels) break
          const top = labelTop(mark.y, mark.y + mark.height)
          const width = textWidth(context, mark.label) + 2 * LABEL_PADDING
          context.fillRect(mark.x - 1, top, width, LABEL_HEIGHT)
          context.fillStyle = labelTextColor(mark.color)
          context.fillText(mark.label, mark.x - 1 + LABEL_PADDING, top + LABEL_HEIGHT / 2)
          break
        }
        case 'badge': {
          const text = `${mark.count} users`
          const top = labelTop(mark.y, mark.y)
          const dots = mark.colors.length * DOT_SPACING + 2
          context.fillStyle = BADGE_BACKGROUND
          context.fillRect(
            mark.x,
            top,
            dots + textWidth(context, text) + 2 * LABEL_PADDING,
            LABEL_HEIGHT,
          )
          mark.colors.forEach((color, i) => {
            context.fillStyle = color
            context.beginPath()
            context.arc(
              mark.x + LABEL_PADDING + 3 + i * DOT_SPACING,
              top + LABEL_HEIGHT / 2,
              3,
              0,
              2 * Math.PI,
            )
            context.fill()
          })
          context.fillStyle = '#fff'
          context.fillText(text, mark.x + LABEL_PADDING + dots, top + LABEL_HEIGHT / 2)
          break
        }
        default:
          mark satisfies never
      }
    }
  }
}

/** Black or white, whichever reads better on `color` (`#rrggbb`). */
export const labelTextColor = (color: Color): string => {
  const rgb = Number.parseInt(color.slice(1, 7), 16)
  // Rec. 601 luma: cheap, and good enough to pick between two text colours
  const luma = ((rgb >> 16) * 299 + ((rgb >> 8) & 255) * 587 + (rgb & 255) * 114) / 255000
  return luma > 0.6 ? '#000' : '#fff'
}
