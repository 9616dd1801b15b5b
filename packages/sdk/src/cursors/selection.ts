/** Where a selection's tint goes, in canvas coordinates: pure geometry, no DOM. */

export interface LineEnd {
  readonly x: number
  readonly y: number
  readonly height: number
}

/**
 * The bands between a caret and the selection's other end: one on a shared line; over several
 * lines the first line's runs to the block's right edge, the last line's from its left edge,
 * and one band fills the lines between (empty when there are none). Without the block's edges,
 * a thin band marks the other end.
 */
export const selectionBands = (
  caret: LineEnd,
  head: LineEnd,
  block: { readonly left: number; readonly right: number } | null,
): { x: number; y: number; width: number; height: number }[] => {
  const [first, last] =
    caret.y < head.y || (caret.y === head.y && caret.x <= head.x) ? [caret, head] : [head, caret]
  // a line's rect tops can differ by a pixel (mixed fonts): half a line apart is the same line
  if (Math.abs(first.y - last.y) < Math.min(first.height, last.height) / 2)
    return [{ x: first.x, y: first.y, width: last.x - first.x, height: first.height }]
  if (block === null) return [{ x: head.x - 1, y: head.y, width: 2, height: head.height }]
  const below = first.y + first.height
  return [
    { x: first.x, y: first.y, width: block.right - first.x, height: first.height },
    {
      x: block.left,
      y: below,
      width: block.right - block.left,
      height: Math.max(0, last.y - below),
    },
    { x: block.left, y: last.y, width: last.x - block.left, height: last.height },
  ]
}
