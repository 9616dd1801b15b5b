/**
 * Seeded random edits through the SDK's public API — every mutation kind, undo and redo — for
 * the integration tests. Reads go through the room's stores, kept subscribed for the test.
 */
import { type BlockId, type PropValue, ROOT_ID, TRASH_ID } from '@markdownsync/core'
import type { BlockView, Room } from '../../src/index.js'
import { bool, int, type Prng, pick, word } from './prng.js'

/** Reads a room's blocks through its stores, keeping each store it read subscribed. */
export class RoomReader {
  /** The last edit made through this reader's room (redo follows undo half the time). */
  last: EditKind | undefined
  private readonly offs: Array<() => void> = []
  private readonly watched = new Set<string>()

  constructor(private readonly room: Room) {}

  children(id: BlockId): readonly BlockId[] {
    const store = this.room.children(id)
    this.keep(`c:${id}`, store)
    return store.get()
  }

  block(id: BlockId): BlockView | undefined {
    const store = this.room.block(id)
    this.keep(`b:${id}`, store)
    return store.get()
  }

  /** Live blocks, in document order. */
  live(): BlockId[] {
    const out: BlockId[] = []
    const visit = (id: BlockId): void => {
      for (const child of this.children(id)) {
        out.push(child)
        visit(child)
      }
    }
    visit(ROOT_ID)
    return out
  }

  textLength(id: BlockId): number {
    return (this.block(id)?.text ?? []).reduce((n, run) => n + run.insert.length, 0)
  }

  isInside(block: BlockId, ancestor: BlockId): boolean {
    for (let at: BlockId | undefined = block; at !== undefined; at = this.block(at)?.parent) {
      if (at === ancestor) return true
      if (at === ROOT_ID || at === TRASH_ID) return false
    }
    return false
  }

  close(): void {
    for (const off of this.offs.splice(0)) off()
  }

  private keep(key: string, store: { listen(fn: () => void): () => void }): void {
    if (this.watched.has(key)) return
    this.watched.add(key)
    this.offs.push(store.listen(() => undefined))
  }
}

export const EDIT_KINDS = [
  'insert',
  'insert_text',
  'delete_text',
  'format',
  'replace_text',
  'set_property',
  'delete',
  'move',
  'split',
  'merge',
  'undo',
  'redo',
] as const
export type EditKind = (typeof EDIT_KINDS)[number]

const WEIGHTS: Record<EditKind, number> = {
  insert: 14,
  insert_text: 24,
  delete_text: 8,
  format: 6,
  replace_text: 4,
  set_property: 8,
  delete: 5,
  move: 7,
  split: 6,
  merge: 5,
  undo: 4,
  redo: 2,
}

const FORMATS = [{ bold: true }, { bold: null }, { italic: true }, { code: true }] as const
const PROPS: ReadonlyArray<readonly [string, readonly PropValue[]]> = [
  ['checked', [true, false]],
  ['color', ['red', 'blue', null]],
  ['level', [1, 2, 3]],
]

/** One random edit; the kind done, or undefined when nothing fitted. */
export const randomEdit = (p: Prng, room: Room, read: RoomReader): EditKind | undefined => {
  const kind = chooseEdit(p, read)
  read.last = edit(p, room, read, kind)
  return read.last
}

const chooseEdit = (p: Prng, read: RoomReader): EditKind => {
  if (read.last === 'undo' && bool(p, 0.5)) return 'redo'
  let x = p.next() * Object.values(WEIGHTS).reduce((a, b) => a + b, 0)
  for (const k of EDIT_KINDS) {
    x -= WEIGHTS[k]
    if (x < 0) return k
  }
  return 'insert_text'
}

const edit = (p: Prng, room: Room, read: RoomReader, chosen: EditKind): EditKind | undefined => {
  let kind = chosen
  const live = read.live()
  if (live.length === 0 && kind !== 'undo' && kind !== 'redo') kind = 'insert'
  const block = live.length === 0 ? undefined : pick(p, live)
  switch (kind) {
    case 'insert': {
      const parent = block === undefined || bool(p, 0.7) ? ROOT_ID : block
      const siblings = read.children(parent)
      const after =
        siblings.length === 0 || bool(p, 0.2) ? null : bool(p, 0.3) ? undefined : pick(p, siblings)
      return room.insertBlock({
        parent,
        after,
        type: pick(p, ['paragraph', 'heading', 'list_item']),
        text: word(p),
      })
        ? kind
        : undefined
    }
    case 'insert_text': {
      const at = int(p, 0, read.textLength(block!))
      return room.editText(block!, [
        { retain: at },
        bool(p, 0.2) ? { insert: word(p), attributes: { italic: true } } : { insert: word(p) },
      ])
        ? kind
        : undefined
    }
    case 'delete_text': {
      const length = read.textLength(block!)
      if (length === 0) return undefined
      const at = int(p, 0, length - 1)
      return room.editText(block!, [
        { retain: at },
        { delete: int(p, 1, Math.min(4, length - at)) },
      ])
        ? kind
        : undefined
    }
    case 'format': {
      const length = read.textLength(block!)
      if (length === 0) return undefined
      const at = int(p, 0, length - 1)
      return room.editText(block!, [
        { retain: at },
        { retain: int(p, 1, length - at), attributes: pick(p, FORMATS) },
      ])
        ? kind
        : undefined
    }
    case 'replace_text':
      return room.replaceText(block!, `${word(p)} ${word(p)}`) ? kind : undefined
    case 'set_property': {
      const [key, values] = pick(p, PROPS)
      return room.setProperty(block!, key, pick(p, values)) ? kind : undefined
    }
    case 'delete':
      return room.deleteBlock(block!) ? kind : undefined
    case 'move': {
      const parent = bool(p, 0.6) ? ROOT_ID : pick(p, live)
      if (read.isInside(parent, block!)) return undefined
      const siblings = read.children(parent).filter((s) => s !== block)
      const after = siblings.length === 0 || bool(p, 0.2) ? null : pick(p, siblings)
      return room.moveBlock(block!, { parent, after }) ? kind : undefined
    }
    case 'split':
      return room.splitBlock(block!, int(p, 0, read.textLength(block!))) ? kind : undefined
    case 'merge': {
      const parent = read.block(block!)?.parent
      if (parent === undefined) return undefined
      const siblings = read.children(parent)
      const i = siblings.indexOf(block!)
      if (i <= 0) return undefined
      return room.mergeBlocks(siblings[i - 1]!, block!) ? kind : undefined
    }
    case 'undo':
      return room.history.undo() ? kind : undefined
    case 'redo':
      return room.history.redo() ? kind : undefined
  }
}
