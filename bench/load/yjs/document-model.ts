/**
 * The benchmark document in Yjs, modelled as a ProseMirror/Tiptap editor bound by y-prosemirror
 * would hold it — the closest faithful Yjs model of a block document: one `Y.XmlFragment`
 * ("document") whose children are one `Y.XmlElement` per block (node name = block type), text
 * blocks holding one `Y.XmlText`, lists and quotes holding their child blocks.
 */
import * as Y from 'yjs'
import type { GeneratedBlock } from '../document.js'

export const FRAGMENT = 'document'
const TEXT_TYPES = new Set(['paragraph', 'heading', 'list_item', 'code'])

export const isTextElement = (e: Y.XmlElement): boolean => TEXT_TYPES.has(e.nodeName)

export const newBlockElement = (type: string, text: string): Y.XmlElement => {
  const element = new Y.XmlElement(type)
  const content = new Y.XmlText()
  if (text.length > 0) content.insert(0, text)
  element.insert(0, [content])
  return element
}

const elementOf = (block: GeneratedBlock): Y.XmlElement => {
  if (block.children.length === 0) return newBlockElement(block.type, block.text)
  const element = new Y.XmlElement(block.type)
  element.insert(0, block.children.map(elementOf))
  return element
}

/** A document holding the generated blocks, written by client 1. */
export const seedDocument = (blocks: readonly GeneratedBlock[]): Y.Doc => {
  const doc = new Y.Doc()
  doc.clientID = 1
  doc.getXmlFragment(FRAGMENT).insert(0, blocks.map(elementOf))
  return doc
}

/** The text of a text block. */
export const textOf = (e: Y.XmlElement): Y.XmlText => e.get(0) as Y.XmlText

/** Blocks in document order (pre-order), with their parents. */
export const blocksInOrder = (doc: Y.Doc): Y.XmlElement[] => {
  const out: Y.XmlElement[] = []
  const visit = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      out.push(child)
      if (!isTextElement(child)) visit(child)
    }
  }
  visit(doc.getXmlFragment(FRAGMENT))
  return out
}

/** One line per block, nested blocks indented: what the divergence check compares. */
export const renderDocument = (doc: Y.Doc): string => {
  const lines: string[] = []
  const visit = (parent: Y.XmlFragment | Y.XmlElement, depth: number): void => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      const text = isTextElement(child) ? ` ${textOf(child).toString()}` : ''
      lines.push(`${'  '.repeat(depth)}${child.nodeName}:${text}`)
      if (!isTextElement(child)) visit(child, depth + 1)
    }
  }
  visit(doc.getXmlFragment(FRAGMENT), 0)
  return lines.join('\n\n')
}
