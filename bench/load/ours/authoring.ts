/**
 * Durable ops written for a simulated editor from the model replica (a full replica fed by the
 * server, shared by every editor of a generator process). An editor keeps only what the model
 * cannot know: its identity, its clock, and its own Yjs clock in each block it wrote to
 * (TEXT-2: its text must be written under its replica id, and each of its items takes the next
 * clock of that id, including items still in flight to the server).
 *
 * The HLC's millisecond part is the send time, so every peer that receives an op knows how old
 * it is without asking its author (all processes share the machine's clock).
 */
import {
  type BlockId,
  type DocumentReplica,
  type DurableOp,
  type Envelope,
  type Hlc,
  hlcToString,
  newBlockId,
  type Origin,
  positionBetween,
  ROOT_ID,
  TEXT_NAME,
} from '@markdownsync/core'
import * as Y from 'yjs'
import { neighboursAt, rangesOf } from './text-positions.js'
import { deleteUpdate, insertUpdate } from './yjs-bytes.js'

export interface Author {
  readonly user: string
  readonly session: string
  readonly replica: number
  readonly origin: Origin
  /** This author's next Yjs clock in each block's document. */
  readonly clocks: Map<BlockId, number>
  lastMs: number
  counter: number
}

export const newAuthor = (welcome: {
  user: string
  session: string
  replica: number
  origin: Origin
}): Author => ({ ...welcome, clocks: new Map(), lastMs: 0, counter: 0 })

/** HLC-2 for one author: increasing stamps whose ms is the wall clock whenever it advanced. */
const stamp = (author: Author): Hlc => {
  const now = Date.now()
  if (now > author.lastMs) {
    author.lastMs = now
    author.counter = 0
  } else if (++author.counter > 0xffff) {
    author.lastMs++
    author.counter = 0
  }
  return { ms: author.lastMs, counter: author.counter, replica: author.replica }
}

export const envelopeOf = (author: Author, op: DurableOp): Envelope => {
  const hlc = stamp(author)
  return {
    id: hlcToString(hlc),
    hlc,
    user: author.user,
    session: author.session,
    origin: author.origin,
    op,
  }
}

/** Takes `length` clocks of the author in `block`'s document; returns the first. */
const takeClock = (author: Author, block: BlockId, length: number): number => {
  const clock = author.clocks.get(block) ?? 0
  author.clocks.set(block, clock + length)
  return clock
}

const textOf = (model: DocumentReplica, block: BlockId): Y.Text => model.yText(block)

export const insertText = (
  model: DocumentReplica,
  author: Author,
  block: BlockId,
  index: number,
  text: string,
): Envelope => {
  const { origin, rightOrigin } = neighboursAt(textOf(model, block), index)
  const clock = takeClock(author, block, text.length)
  const update = insertUpdate(author.replica, clock, text, origin, rightOrigin, TEXT_NAME)
  return envelopeOf(author, { kind: 'edit_text', block, update })
}

export const deleteText = (
  model: DocumentReplica,
  author: Author,
  block: BlockId,
  index: number,
  length: number,
): Envelope =>
  envelopeOf(author, {
    kind: 'edit_text',
    block,
    update: deleteUpdate(rangesOf(textOf(model, block), index, length)),
  })

/** The key of a place right after `after` under its parent (`after` null: first child). */
const keyAfter = (
  model: DocumentReplica,
  parent: BlockId,
  after: BlockId | null,
  moving?: BlockId,
): string => {
  const siblings = model.children(parent).filter((b) => b !== moving)
  const at = after === null ? -1 : siblings.indexOf(after)
  const before = at < 0 ? null : (model.position(siblings[at]!) ?? null)
  const next = siblings[at + 1]
  return positionBetween(before, next === undefined ? null : (model.position(next) ?? null))
}

/** A new paragraph holding `text`, right after `after`. */
export const insertBlock = (
  model: DocumentReplica,
  author: Author,
  after: BlockId,
  text: string,
  random: () => number,
): Envelope => {
  const parent = model.parent(after) ?? ROOT_ID
  const block = newBlockId(random)
  const clock = takeClock(author, block, text.length)
  return envelopeOf(author, {
    kind: 'insert_block',
    block,
    parent,
    key: keyAfter(model, parent, after),
    blockType: 'paragraph',
    text: insertUpdate(author.replica, clock, text, null, null, TEXT_NAME),
  })
}

export const deleteBlock = (model: DocumentReplica, author: Author, block: BlockId): Envelope =>
  envelopeOf(author, { kind: 'delete_block', block, prev: model.moveRegister(block) })

/** Moves `block` right after `after`, under `after`'s parent. */
export const moveBlock = (
  model: DocumentReplica,
  author: Author,
  block: BlockId,
  after: BlockId,
): Envelope => {
  const parent = model.parent(after) ?? ROOT_ID
  return envelopeOf(author, {
    kind: 'move_block',
    block,
    parent,
    key: keyAfter(model, parent, after, block),
    prev: model.moveRegister(block),
  })
}

/** SPLIT-1: the tail from `offset` becomes a new next sibling of the same type. */
export const splitBlock = (
  model: DocumentReplica,
  author: Author,
  block: BlockId,
  offset: number,
  random: () => number,
): Envelope => {
  const text = model.text(block)
  const tail = text.slice(offset)
  const parent = model.parent(block) ?? ROOT_ID
  const newBlock = newBlockId(random)
  const clock = takeClock(author, newBlock, tail.length)
  return envelopeOf(author, {
    kind: 'split_block',
    block,
    newBlock,
    parent,
    key: keyAfter(model, parent, block),
    blockType: model.type(block),
    headUpdate: deleteUpdate(rangesOf(textOf(model, block), offset, text.length - offset)),
    tailText:
      tail.length === 0
        ? deleteUpdate([])
        : insertUpdate(author.replica, clock, tail, null, null, TEXT_NAME),
  })
}

/**
 * MERGE-1: `from`'s text appended to `into`, its children moved under `into`, `from` to the
 * trash. `fromStateVector` is what the model holds of `from`; the caller merges only when the
 * author has no op in flight, so that covers everything the author typed there.
 */
export const mergeBlocks = (
  model: DocumentReplica,
  author: Author,
  into: BlockId,
  from: BlockId,
  random: () => number,
): Envelope => {
  const intoText = textOf(model, into)
  const fromText = model.text(from)
  const { origin, rightOrigin } = neighboursAt(intoText, intoText.length)
  let before: string | null = null
  const lastChild = model.children(into).at(-1)
  if (lastChild !== undefined) before = model.position(lastChild) ?? null
  const children = model.children(from).map((child) => {
    before = positionBetween(before, null, random)
    return { block: child, key: before, prev: model.moveRegister(child) }
  })
  const intoUpdate =
    fromText.length === 0
      ? deleteUpdate([])
      : insertUpdate(
          author.replica,
          takeClock(author, into, fromText.length),
          fromText,
          origin,
          rightOrigin,
          TEXT_NAME,
        )
  return envelopeOf(author, {
    kind: 'merge_blocks',
    into,
    from,
    prev: model.moveRegister(from),
    intoUpdate,
    fromUpdate: deleteUpdate(rangesOf(textOf(model, from), 0, fromText.length)),
    fromStateVector: Y.encodeStateVector(textOf(model, from).doc!),
    children,
  })
}
