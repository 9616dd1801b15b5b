/**
 * What a simulated editor does when its next edit is due, in the blocks of its viewport:
 * mostly text (insert a word, delete a few characters), sometimes structure (insert, split,
 * merge, move — within the viewport or across partitions —, delete). The mix is the design's
 * traffic: about 90% text, 10% structure.
 */
import type { BlockId, Envelope } from '@markdownsync/core'
import { randomInt } from '../../core/random.js'
import {
  type Author,
  deleteBlock,
  deleteText,
  insertBlock,
  insertText,
  mergeBlocks,
  moveBlock,
  splitBlock,
} from './authoring.js'
import type { Observer } from './observer.js'

export interface EditMix {
  /** Share of edits that change structure (the rest edit text). */
  readonly structure: number
  /** Of text edits, the share that delete. */
  readonly deletes: number
}

export const STRUCTURE_KINDS = ['insert', 'split', 'merge', 'move', 'delete'] as const
export type StructureKind = (typeof STRUCTURE_KINDS)[number]
/** Inserts and splits add blocks, merges and deletes remove them: the size stays about level. */
const STRUCTURE_WEIGHTS: Record<StructureKind, number> = {
  insert: 25,
  split: 20,
  merge: 20,
  move: 15,
  delete: 20,
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
export const randomWord = (random: () => number): string => {
  let w = ''
  for (let n = 2 + randomInt(random, 7); n > 0; n--) w += LETTERS[randomInt(random, 26)]
  return w
}

export interface EditChoice {
  readonly kind: 'text_insert' | 'text_delete' | StructureKind
  readonly envelope: Envelope
}

export interface EditContext {
  readonly model: Observer
  readonly author: Author
  readonly viewport: readonly BlockId[]
  readonly random: () => number
  /** Whether the author has ops in flight (a merge waits for none, see `mergeBlocks`). */
  readonly inFlight: boolean
}

const pick = <T>(random: () => number, items: readonly T[]): T | undefined =>
  items.length === 0 ? undefined : items[randomInt(random, items.length)]

export const chooseEdit = (ctx: EditContext, mix: EditMix): EditChoice | undefined => {
  if (ctx.random() < mix.structure) {
    const structure = chooseStructure(ctx)
    if (structure !== undefined) return structure
  }
  return chooseText(ctx, mix)
}

const chooseText = (ctx: EditContext, mix: EditMix): EditChoice | undefined => {
  const { model, author, random } = ctx
  const block = pick(
    random,
    ctx.viewport.filter((b) => model.isText(b)),
  )
  if (block === undefined) return undefined
  const length = model.doc.yText(block).length
  if (length > 0 && random() < mix.deletes) {
    const at = randomInt(random, length)
    const n = Math.min(length - at, 1 + randomInt(random, 8))
    return { kind: 'text_delete', envelope: deleteText(model.doc, author, block, at, n) }
  }
  const word = `${randomWord(random)} `
  return {
    kind: 'text_insert',
    envelope: insertText(model.doc, author, block, randomInt(random, length + 1), word),
  }
}

const chooseStructure = (ctx: EditContext): EditChoice | undefined => {
  const { model, author, random, viewport } = ctx
  const doc = model.doc
  let roll = random() * 100
  let kind: StructureKind = 'insert'
  for (const k of STRUCTURE_KINDS) {
    roll -= STRUCTURE_WEIGHTS[k]
    if (roll < 0) {
      kind = k
      break
    }
  }
  const textBlocks = viewport.filter((b) => model.isText(b))
  switch (kind) {
    case 'insert': {
      const after = pick(random, viewport)
      if (after === undefined) return undefined
      const text = `${randomWord(random)} ${randomWord(random)} ${randomWord(random)}`
      return { kind, envelope: insertBlock(doc, author, after, text, random) }
    }
    case 'split': {
      const block = pick(
        random,
        textBlocks.filter((b) => doc.yText(b).length >= 2),
      )
      if (block === undefined) return undefined
      const offset = 1 + randomInt(random, doc.yText(block).length - 1)
      return { kind, envelope: splitBlock(doc, author, block, offset, random) }
    }
    case 'merge': {
      if (ctx.inFlight) return undefined
      const candidates = textBlocks.filter((b) => {
        const siblings = doc.children(doc.parent(b)!)
        const i = siblings.indexOf(b)
        return i > 0 && model.isText(siblings[i - 1]!)
      })
      const from = pick(random, candidates)
      if (from === undefined) return undefined
      const siblings = doc.children(doc.parent(from)!)
      const into = siblings[siblings.indexOf(from) - 1]!
      return { kind, envelope: mergeBlocks(doc, author, into, from, random) }
    }
    case 'move': {
      const tops = viewport.filter((b) => doc.parent(b) === 'root')
      const block = pick(random, tops)
      if (block === undefined) return undefined
      // mostly within what the editor sees; sometimes to a far place, across partitions
      const targets = random() < 0.7 ? tops : doc.children('root')
      const after = pick(
        random,
        targets.filter((b) => b !== block),
      )
      if (after === undefined) return undefined
      return { kind, envelope: moveBlock(doc, author, block, after) }
    }
    case 'delete': {
      const block = pick(
        random,
        viewport.filter((b) => doc.children(b).length === 0),
      )
      if (block === undefined) return undefined
      return { kind, envelope: deleteBlock(doc, author, block) }
    }
  }
}
