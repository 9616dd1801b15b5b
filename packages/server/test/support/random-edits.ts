/**
 * Seeded random edits through a replica's public API, for the server's end-to-end tests: every
 * op kind (insert, delete, restore, move — across partitions and into cycles —, split, merge,
 * text insert / delete / format, properties and type changes), in the spirit of the core
 * simulator's workload (packages/core/test/sim/workload.ts), over a document of hundreds of
 * blocks. Text is ASCII only, so any offset is a valid place to cut.
 */
import {
  type BlockId,
  type DocumentReplica,
  type PropValue,
  ROOT_ID,
  TRASH_ID,
} from '@markdownsync/core'

import {
  bool,
  createPrng,
  fork,
  int,
  type Prng,
  pick,
  word,
} from '../../../../test-support/prng.js'

export { bool, createPrng, fork, int, type Prng, pick, word }

export const EDIT_KINDS = [
  'insert',
  'delete',
  'restore',
  'move',
  'move_cross_partition',
  'move_cycle',
  'split',
  'merge',
  'insert_text',
  'delete_text',
  'format_text',
  'set_property',
  'set_type',
] as const
export type EditKind = (typeof EDIT_KINDS)[number]

const WEIGHTS: Record<EditKind, number> = {
  insert: 10,
  delete: 5,
  restore: 2,
  move: 5,
  move_cross_partition: 5,
  move_cycle: 3,
  split: 6,
  merge: 5,
  insert_text: 22,
  delete_text: 8,
  format_text: 8,
  set_property: 8,
  set_type: 2,
}

const PROPS: ReadonlyArray<readonly [string, readonly PropValue[]]> = [
  ['checked', [true, false]],
  ['color', ['red', 'blue', null]],
  ['language', ['ts', 'rust']],
  ['level', [1, 2, 3]],
]
const FORMATS: ReadonlyArray<Record<string, unknown>> = [
  { bold: true },
  { bold: null },
  { italic: true },
  { italic: null },
  { code: true },
  { link: 'https://example.com/x' },
]
const TYPES = ['paragraph', 'heading', 'quote', 'list_item'] as const

export interface EditContext {
  readonly prng: Prng
  readonly replica: DocumentReplica
  /** The block's partition as the server has it now, to choose cross-partition moves. */
  readonly partitionOf: (block: BlockId) => string | undefined
}

/** Blocks under `top` in pre-order. */
export const blocksUnder = (replica: DocumentReplica, top: BlockId): BlockId[] => {
  const out: BlockId[] = []
  const visit = (id: BlockId): void => {
    for (const child of replica.children(id)) {
      out.push(child)
      visit(child)
    }
  }
  visit(top)
  return out
}

const isAncestorOrSelf = (replica: DocumentReplica, ancestor: BlockId, of: BlockId): boolean => {
  for (let at: BlockId | undefined = of; at !== undefined; at = replica.parent(at)) {
    if (at === ancestor) return true
    if (at === ROOT_ID || at === TRASH_ID) return false
  }
  return false
}

/** A place under `parent`: first, last, or after a random sibling other than `not`. */
const placeUnder = (p: Prng, replica: DocumentReplica, parent: BlockId, not?: BlockId) => {
  const siblings = replica.children(parent).filter((c) => c !== not)
  const x = int(p, 0, 9)
  if (x === 0 || siblings.length === 0) return { parent, after: null }
  if (x === 1) return { parent }
  return { parent, after: pick(p, siblings) }
}

/**
 * A new parent for `block` that is not inside it: the root (mostly) or a live block that
 * `accept` takes (the root is always taken; the caller picks the place under it).
 */
const destination = (
  ctx: EditContext,
  live: readonly BlockId[],
  block: BlockId,
  accept: (parent: BlockId) => boolean = () => true,
): BlockId | undefined => {
  const { prng: p, replica } = ctx
  for (let attempt = 0; attempt < 12; attempt++) {
    const parent = bool(p, 0.6) ? ROOT_ID : pick(p, live)
    if (isAncestorOrSelf(replica, block, parent)) continue
    if (parent === ROOT_ID || accept(parent)) return parent
  }
  return undefined
}

/** One random edit on the replica (which sends it); the kind done, or undefined if none fit. */
export const randomEdit = (ctx: EditContext): EditKind | undefined => {
  const { prng: p, replica } = ctx
  const live = blocksUnder(replica, ROOT_ID)
  if (live.length === 0) {
    replica.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: word(p) })
    return 'insert'
  }
  let total = 0
  for (const k of EDIT_KINDS) total += WEIGHTS[k]
  let x = p.next() * total
  let kind: EditKind = 'insert_text'
  for (const k of EDIT_KINDS) {
    x -= WEIGHTS[k]
    if (x < 0) {
      kind = k
      break
    }
  }
  return run(ctx, kind, live) ? kind : undefined
}

const withText = (replica: DocumentReplica, blocks: readonly BlockId[]): BlockId[] =>
  blocks.filter((b) => replica.text(b).length > 0)

const run = (ctx: EditContext, kind: EditKind, live: readonly BlockId[]): boolean => {
  const { prng: p, replica } = ctx
  switch (kind) {
    case 'insert': {
      const parent = bool(p, 0.7) ? ROOT_ID : pick(p, live)
      const [key, values] = pick(p, PROPS)
      replica.insertBlock({
        ...placeUnder(p, replica, parent),
        type: pick(p, TYPES),
        ...(bool(p, 0.3) ? { props: { [key]: pick(p, values) } } : {}),
        ...(bool(p, 0.8) ? { text: `${word(p)} ${word(p)}` } : {}),
      })
      return true
    }
    case 'delete': {
      // mostly leaves, so the document does not empty itself
      const leaves = live.filter((b) => replica.children(b).length === 0)
      const block = bool(p, 0.9) && leaves.length > 0 ? pick(p, leaves) : pick(p, live)
      replica.deleteBlock(block)
      return true
    }
    case 'restore': {
      const trashed = replica.children(TRASH_ID)
      if (trashed.length === 0) return false
      const block = pick(p, trashed)
      const parent = destination(ctx, live, block)
      if (parent === undefined) return false
      replica.moveBlock(block, placeUnder(p, replica, parent, block))
      return true
    }
    case 'move':
    case 'move_cross_partition': {
      const block = pick(p, live)
      const from = ctx.partitionOf(block)
      const parent = destination(
        ctx,
        live,
        block,
        kind === 'move' ? undefined : (b) => ctx.partitionOf(b) !== from,
      )
      if (parent === undefined) return false
      if (kind === 'move' || parent !== ROOT_ID) {
        replica.moveBlock(block, placeUnder(p, replica, parent, block))
        return true
      }
      // at the root, after a top-level block of another partition
      const others = replica
        .children(ROOT_ID)
        .filter((b) => b !== block && ctx.partitionOf(b) !== from)
      if (others.length === 0) return false
      replica.moveBlock(block, { parent, after: pick(p, others) })
      return true
    }
    case 'move_cycle': {
      // under one of its own descendants (MOVE-1 locally), or within a small hot set of blocks
      // that other clients move at the same time, so cycles also form only at the server
      const parents = live.filter((b) => replica.children(b).length > 0)
      if (parents.length > 0 && bool(p, 0.4)) {
        const block = pick(p, parents)
        const inside = blocksUnder(replica, block)
        replica.moveBlock(block, { parent: pick(p, inside) })
        return true
      }
      const hot = live.slice(0, 8)
      const block = pick(p, hot)
      const parent = pick(p, hot)
      if (isAncestorOrSelf(replica, block, parent)) return false
      replica.moveBlock(block, placeUnder(p, replica, parent, block))
      return true
    }
    case 'split': {
      const candidates = withText(replica, live)
      if (candidates.length === 0) return false
      const block = pick(p, candidates)
      replica.splitBlock(block, int(p, 0, replica.text(block).length))
      return true
    }
    case 'merge': {
      const from = pick(p, live)
      const parent = replica.parent(from)
      if (parent === undefined) return false
      const siblings = replica.children(parent)
      const i = siblings.indexOf(from)
      if (i <= 0) return false
      replica.mergeBlocks(siblings[i - 1]!, from)
      return true
    }
    case 'insert_text': {
      const block = pick(p, live)
      const at = int(p, 0, replica.text(block).length)
      const format = bool(p, 0.15) ? { ...pick(p, FORMATS) } : undefined
      replica.insertText(block, at, bool(p, 0.3) ? `${word(p)} ` : word(p), format)
      return true
    }
    case 'delete_text': {
      const candidates = withText(replica, live)
      if (candidates.length === 0) return false
      const block = pick(p, candidates)
      const length = replica.text(block).length
      const start = int(p, 0, length - 1)
      replica.deleteText(block, start, int(p, 1, Math.min(8, length - start)))
      return true
    }
    case 'format_text': {
      const candidates = withText(replica, live)
      if (candidates.length === 0) return false
      const block = pick(p, candidates)
      const length = replica.text(block).length
      const start = int(p, 0, length - 1)
      replica.formatText(block, start, int(p, 1, length - start), { ...pick(p, FORMATS) })
      return true
    }
    case 'set_property': {
      const [key, values] = pick(p, PROPS)
      replica.setProperty(pick(p, live), key, pick(p, values))
      return true
    }
    case 'set_type': {
      const block = pick(p, live)
      const type = pick(p, TYPES)
      replica.setProperty(block, 'type', type)
      if (type === 'heading') replica.setProperty(block, 'level', int(p, 1, 3))
      return true
    }
  }
}
