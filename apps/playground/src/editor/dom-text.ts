/**
 * A block's text in the DOM: runs rendered as nested inline elements, and the mapping between
 * text offsets (UTF-16, as the SDK counts) and DOM points, for the selection and for drawing
 * others' carets. An inline object (an image in a paragraph, a footnote reference) is one
 * U+FFFC character in the text and one `[data-object]` element here, counted as 1.
 */
import type { Attributes, TextRun } from './runs.js'

const OBJECT = '\uFFFC'

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined

/** The element for an inline object (not editable; it counts as one character). */
const objectElement = (attributes: Attributes): HTMLElement => {
  const image = record(attributes.image)
  let element: HTMLElement
  if (image !== undefined) {
    const img = document.createElement('img')
    img.src = str(image.url) ?? ''
    img.alt = str(image.alt) ?? ''
    img.className = 'inline-image'
    element = img
  } else {
    element = document.createElement('span')
    const footnote = record(attributes.footnoteRef)
    element.className = 'inline-object'
    element.textContent = footnote !== undefined ? `[^${str(footnote.label) ?? ''}]` : '◆'
  }
  element.dataset.object = ''
  element.contentEditable = 'false'
  return element
}

/** Wraps `inner` in the elements of the run's marks, outermost first. */
const wrap = (inner: Node, attributes: Attributes): Node => {
  let node = inner
  const mark = (tag: string, className?: string) => {
    const element = document.createElement(tag)
    if (className !== undefined) element.className = className
    element.append(node)
    node = element
  }
  if (attributes.code === true) mark('code')
  if (attributes.html === true) mark('span', 'inline-html')
  if (attributes.italic === true) mark('em')
  if (attributes.bold === true) mark('strong')
  if (attributes.strike === true) mark('s')
  const link =
    record(attributes.link) ??
    (typeof attributes.link === 'string' ? { href: attributes.link } : undefined)
  if (link !== undefined || attributes.linkRef !== undefined) {
    const a = document.createElement('a')
    const href = str(link?.href)
    if (href !== undefined) a.href = href
    a.title = str(link?.title) ?? href ?? ''
    a.append(node)
    node = a
  }
  return node
}

/** Replaces `root`'s content with the rendering of `runs`. */
export const renderRuns = (root: HTMLElement, runs: readonly TextRun[]): void => {
  const fragment = document.createDocumentFragment()
  for (const run of runs) {
    const attributes = (run.attributes ?? {}) as Attributes
    for (const part of run.insert.split(/(\uFFFC)/)) {
      if (part === '') continue
      fragment.append(
        wrap(
          part === OBJECT ? objectElement(attributes) : document.createTextNode(part),
          attributes,
        ),
      )
    }
  }
  // a line break at the very end needs something after it to show its empty line
  const last = runs[runs.length - 1]
  if (last?.insert.endsWith('\n')) {
    const filler = document.createElement('br')
    filler.dataset.filler = ''
    fragment.append(filler)
  }
  root.replaceChildren(fragment)
}

const isObject = (node: Node): node is HTMLElement =>
  node.nodeType === Node.ELEMENT_NODE && (node as HTMLElement).dataset.object !== undefined

/** The characters a node holds: its text, 1 for an object, 0 for a filler. */
const lengthOf = (node: Node): number => {
  if (node.nodeType === Node.TEXT_NODE) return (node as Text).data.length
  if (isObject(node)) return 1
  let total = 0
  for (const child of node.childNodes) total += lengthOf(child)
  return total
}

/** The text `root` shows, as the offsets count it (objects as U+FFFC). */
export const textOf = (root: Node): string => {
  if (root.nodeType === Node.TEXT_NODE) return (root as Text).data
  if (isObject(root)) return OBJECT
  let text = ''
  for (const child of root.childNodes) text += textOf(child)
  return text
}

/** The text offset of a DOM point inside `root` (a selection's anchor or focus). */
export const offsetAt = (root: HTMLElement, node: Node, offset: number): number => {
  if (!root.contains(node))
    return node.compareDocumentPosition(root) & Node.DOCUMENT_POSITION_FOLLOWING
      ? 0
      : lengthOf(root)
  let total = 0
  // everything before `node` in document order, within root
  const count = (at: Node): boolean => {
    if (at === node) return true
    if (at.nodeType === Node.TEXT_NODE || isObject(at)) {
      if (at.contains(node)) return true
      total += lengthOf(at)
      return false
    }
    for (const child of at.childNodes) if (count(child)) return true
    return false
  }
  count(root)
  if (node.nodeType === Node.TEXT_NODE) return total + offset
  if (isObject(node)) return total + (offset > 0 ? 1 : 0)
  // inside an element: before its child at `offset`
  for (let i = 0; i < offset && i < node.childNodes.length; i++)
    total += lengthOf(node.childNodes[i] as Node)
  return total
}

/** The DOM point at text offset `offset` in `root` (clamped to the text). */
export const pointAt = (root: HTMLElement, offset: number): { node: Node; offset: number } => {
  let left = Math.max(0, offset)
  let found: { node: Node; offset: number } | undefined
  const visit = (parent: Node): boolean => {
    for (let i = 0; i < parent.childNodes.length; i++) {
      const child = parent.childNodes[i] as Node
      if (child.nodeType === Node.TEXT_NODE) {
        const length = (child as Text).data.length
        if (left <= length) {
          found = { node: child, offset: left }
          return true
        }
        left -= length
      } else if (isObject(child)) {
        if (left === 0) {
          found = { node: parent, offset: i }
          return true
        }
        left -= 1
        if (left === 0 && i === parent.childNodes.length - 1) {
          found = { node: parent, offset: i + 1 }
          return true
        }
      } else if (visit(child)) return true
    }
    return false
  }
  if (visit(root) && found !== undefined) return found
  // past the end (or empty): after the last character, before a filler
  const filler = root.lastChild
  const end =
    filler instanceof HTMLElement && filler.dataset.filler !== undefined
      ? root.childNodes.length - 1
      : root.childNodes.length
  return { node: root, offset: end }
}

/** The selection inside `root` as offsets: `anchor` and `focus` (the caret end). */
export const readSelection = (root: HTMLElement): { anchor: number; focus: number } | undefined => {
  const selection = root.ownerDocument.getSelection()
  if (selection === null || selection.anchorNode === null || selection.focusNode === null)
    return undefined
  if (!root.contains(selection.anchorNode) || !root.contains(selection.focusNode)) return undefined
  return {
    anchor: offsetAt(root, selection.anchorNode, selection.anchorOffset),
    focus: offsetAt(root, selection.focusNode, selection.focusOffset),
  }
}

/** Selects from `anchor` to `focus` (a caret when equal) inside `root`. */
export const writeSelection = (root: HTMLElement, anchor: number, focus = anchor): void => {
  const selection = root.ownerDocument.getSelection()
  if (selection === null) return
  const a = pointAt(root, anchor)
  const f = anchor === focus ? a : pointAt(root, focus)
  selection.setBaseAndExtent(a.node, a.offset, f.node, f.offset)
}

/** A static range (from `getTargetRanges()`) as offsets, when it lies inside `root`. */
export const rangeOffsets = (
  root: HTMLElement,
  range: StaticRange,
): { start: number; end: number } | undefined => {
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return undefined
  return {
    start: offsetAt(root, range.startContainer, range.startOffset),
    end: offsetAt(root, range.endContainer, range.endOffset),
  }
}

/**
 * Where a caret at `index` is drawn, in client coordinates: a collapsed range's box, or the
 * edge of the character beside it (a collapsed range at a line start can have no box).
 */
export const caretBox = (
  root: HTMLElement,
  index: number,
): { left: number; top: number; height: number } | null => {
  const point = pointAt(root, index)
  const range = root.ownerDocument.createRange()
  range.setStart(point.node, point.offset)
  range.collapse(true)
  const rects = range.getClientRects()
  const first = rects[0]
  if (first !== undefined && first.height > 0)
    return { left: first.left, top: first.top, height: first.height }
  if (point.node.nodeType === Node.TEXT_NODE) {
    const text = point.node as Text
    if (point.offset < text.data.length) {
      range.setEnd(text, point.offset + 1)
      const box = range.getClientRects()[0]
      if (box !== undefined) return { left: box.left, top: box.top, height: box.height }
    }
    if (point.offset > 0) {
      range.setStart(text, point.offset - 1)
      range.setEnd(text, point.offset)
      const box = range.getClientRects()[0]
      if (box !== undefined) return { left: box.right, top: box.top, height: box.height }
    }
  }
  // an empty block: its content box's start
  const box = root.getBoundingClientRect()
  const style = getComputedStyle(root)
  const lineHeight = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.5
  return {
    left: box.left + Number.parseFloat(style.paddingLeft || '0'),
    top: box.top + Number.parseFloat(style.paddingTop || '0'),
    height: lineHeight,
  }
}
