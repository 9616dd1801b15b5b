// Where a text position of a block is on screen, for CursorOverlay: the block's element (the
// BlockList marks it with data-block-id), the text node holding the offset, and a collapsed
// Range there. Works for blocks that render their text as plain text nodes in order.
import type { CaretPlace, RectLike } from '@markdownsync/sdk'

export const caretRectIn = (
  container: HTMLElement | undefined,
  { block, index }: CaretPlace,
): RectLike | null => {
  const element = container?.querySelector(`[data-block-id="${CSS.escape(block)}"]`)
  if (!element) return null // not rendered: scrolled out of the list
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  let left = index
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0
    if (left <= length) {
      const range = document.createRange()
      range.setStart(node, left)
      range.collapse(true)
      const rect = range.getClientRects()[0] ?? range.getBoundingClientRect()
      return { left: rect.left, top: rect.top, height: rect.height }
    }
    left -= length
  }
  return null
}
