/**
 * The same editors' traffic on the Yjs model, made with Yjs's own API inside a transaction on
 * the generator's model document (under the editor's client id; the update it produces is
 * what the editor sends). Text edits map one to one. Structure maps as a Yjs editor does it,
 * since Yjs has no move and no split or merge: insert and delete an element; split = delete the
 * tail and insert a new element holding it; merge = append the text and delete the element;
 * move = delete the element and insert a copy (`clone`) elsewhere.
 */
import * as Y from 'yjs'
import { randomInt } from '../../core/random.js'
import { type EditMix, randomWord, STRUCTURE_KINDS, type StructureKind } from '../ours/edits.js'
import { isTextElement, newBlockElement, textOf } from './document-model.js'

const WEIGHTS: Record<StructureKind, number> = {
  insert: 25,
  split: 20,
  merge: 20,
  move: 15,
  delete: 20,
}

export type YjsEditKind = 'text_insert' | 'text_delete' | StructureKind

const pick = <T>(random: () => number, items: readonly T[]): T | undefined =>
  items.length === 0 ? undefined : items[randomInt(random, items.length)]

/** Not deleted, nor inside a deleted element (the viewport's list may be a moment old). */
const isLive = (e: Y.XmlElement): boolean => {
  for (let at: { _item: Y.Item | null; parent: unknown } | null = e; at !== null; ) {
    if (at._item?.deleted) return false
    at = at.parent as typeof at
  }
  return true
}

const parentOf = (e: Y.XmlElement): Y.XmlElement | Y.XmlFragment =>
  e.parent as Y.XmlElement | Y.XmlFragment

const indexIn = (parent: Y.XmlElement | Y.XmlFragment, e: Y.XmlElement): number =>
  parent.toArray().indexOf(e)

/**
 * Chooses and makes one edit in the viewport; returns its kind, or undefined when nothing fit.
 * Must run inside the editor's transaction.
 */
export const makeEdit = (
  viewport: readonly Y.XmlElement[],
  fragment: Y.XmlFragment,
  random: () => number,
  mix: EditMix,
): YjsEditKind | undefined => {
  if (random() < mix.structure) {
    const kind = makeStructure(viewport, fragment, random)
    if (kind !== undefined) return kind
  }
  const block = pick(
    random,
    viewport.filter((e) => isLive(e) && isTextElement(e)),
  )
  if (block === undefined) return undefined
  const text = textOf(block)
  if (text.length > 0 && random() < mix.deletes) {
    const at = randomInt(random, text.length)
    text.delete(at, Math.min(text.length - at, 1 + randomInt(random, 8)))
    return 'text_delete'
  }
  text.insert(randomInt(random, text.length + 1), `${randomWord(random)} `)
  return 'text_insert'
}

const makeStructure = (
  viewport: readonly Y.XmlElement[],
  fragment: Y.XmlFragment,
  random: () => number,
): StructureKind | undefined => {
  let roll = random() * 100
  let kind: StructureKind = 'insert'
  for (const k of STRUCTURE_KINDS) {
    roll -= WEIGHTS[k]
    if (roll < 0) {
      kind = k
      break
    }
  }
  const live = viewport.filter(isLive)
  const texts = live.filter(isTextElement)
  switch (kind) {
    case 'insert': {
      const after = pick(random, live)
      if (after === undefined) return undefined
      const parent = parentOf(after)
      const words = `${randomWord(random)} ${randomWord(random)} ${randomWord(random)}`
      parent.insert(indexIn(parent, after) + 1, [newBlockElement('paragraph', words)])
      return kind
    }
    case 'split': {
      const block = pick(
        random,
        texts.filter((e) => textOf(e).length >= 2),
      )
      if (block === undefined) return undefined
      const text = textOf(block)
      const offset = 1 + randomInt(random, text.length - 1)
      const tail = text.toString().slice(offset)
      text.delete(offset, text.length - offset)
      const parent = parentOf(block)
      parent.insert(indexIn(parent, block) + 1, [newBlockElement(block.nodeName, tail)])
      return kind
    }
    case 'merge': {
      const from = pick(
        random,
        texts.filter((e) => {
          const siblings = parentOf(e).toArray()
          const before = siblings[siblings.indexOf(e) - 1]
          return before instanceof Y.XmlElement && isTextElement(before)
        }),
      )
      if (from === undefined) return undefined
      const parent = parentOf(from)
      const i = indexIn(parent, from)
      const into = textOf(parent.get(i - 1) as Y.XmlElement)
      into.insert(into.length, textOf(from).toString())
      parent.delete(i, 1)
      return kind
    }
    case 'move': {
      const tops = live.filter((e) => e.parent === fragment)
      const block = pick(random, tops)
      if (block === undefined) return undefined
      const targets = (random() < 0.7 ? tops : (fragment.toArray() as Y.XmlElement[])).filter(
        (e) => e !== block,
      )
      const after = pick(random, targets)
      if (after === undefined) return undefined
      const copy = block.clone()
      fragment.delete(indexIn(fragment, block), 1)
      fragment.insert(indexIn(fragment, after) + 1, [copy])
      return kind
    }
    case 'delete': {
      const block = pick(
        random,
        live.filter((e) => isTextElement(e)),
      )
      if (block === undefined) return undefined
      const parent = parentOf(block)
      parent.delete(indexIn(parent, block), 1)
      return kind
    }
  }
}
