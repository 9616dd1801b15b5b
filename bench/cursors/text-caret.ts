/**
 * Caret positions in the laid-out text, given to either overlay the same way, so the comparison
 * is of drawing, not of measuring. Two ways an app can give them: measured on every call (a
 * collapsed Range at a UTF-16 offset of the block's single text node), or looked up in a table
 * measured once (what an app that caches caret geometry until its text changes pays).
 */
import type { CaretPlace, RectLike } from '@markdownsync/sdk'

export const createTextCaret = (blocks: ReadonlyMap<string, HTMLElement>) => {
  const range = document.createRange()
  return ({ block, index }: CaretPlace): RectLike | null => {
    const text = blocks.get(block)?.firstChild
    if (!text) return null
    const offset = Math.min(index, text.textContent?.length ?? 0)
    range.setStart(text, offset)
    range.setEnd(text, offset)
    return range.getBoundingClientRect()
  }
}

/** Caret rects measured once, relative to the container; `origin()` places them on screen. */
export const createCachedCaret = (
  blocks: ReadonlyMap<string, HTMLElement>,
  origin: () => { readonly left: number; readonly top: number },
) => {
  const measure = createTextCaret(blocks)
  const start = origin()
  const table = new Map<string, RectLike[]>()
  for (const [block, element] of blocks) {
    const length = element.textContent?.length ?? 0
    table.set(
      block,
      Array.from({ length: length + 1 }, (_, index) => {
        const rect = measure({ block, index })!
        return { left: rect.left - start.left, top: rect.top - start.top, height: rect.height }
      }),
    )
  }
  return ({ block, index }: CaretPlace): RectLike | null => {
    const rect = table.get(block)?.[index]
    if (rect === undefined) return null
    const at = origin()
    return { left: rect.left + at.left, top: rect.top + at.top, height: rect.height }
  }
}
