// Other users' carets on one canvas over an editor whose blocks are elements with a
// `data-block-id` (as observeViewport expects). Included in apps/docs/sdk.md.
import { type CaretPlace, createCursorCanvas, type RectLike, type Room } from '@markdownsync/sdk'

const blockElement = (container: HTMLElement, block: string): HTMLElement | null =>
  container.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(block)}"]`)

/** The caret at a UTF-16 offset of a block's text: a collapsed Range in the right text node. */
const measureCaret =
  (container: HTMLElement) =>
  ({ block, index }: CaretPlace): RectLike | null => {
    const element = blockElement(container, block)
    if (element === null) return null
    const texts = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    let offset = index
    for (let node = texts.nextNode(); node !== null; node = texts.nextNode()) {
      const length = node.textContent?.length ?? 0
      if (offset <= length) {
        const range = document.createRange()
        range.setStart(node, offset)
        return range.getBoundingClientRect() // a collapsed range: the caret's line box
      }
      offset -= length
    }
    return element.getBoundingClientRect() // an empty block: its own box
  }

export const showCursors = (room: Room, container: HTMLElement): (() => void) => {
  const cursors = createCursorCanvas(room, {
    container, // the canvas covers its visible part and follows its scrolling
    caretRect: measureCaret(container),
    blockRect: (block) => blockElement(container, block)?.getBoundingClientRect() ?? null,
    labels: true, // names above carets (the default)
  })
  return () => cursors.destroy()
}
