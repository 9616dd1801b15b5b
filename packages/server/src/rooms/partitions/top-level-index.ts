/**
 * The top-level blocks of a document with the size of each one's subtree and its type, kept up
 * to date from the document's change events rather than recomputed: a re-cut of the partition
 * map then costs what changed, not a walk over every block (the load benchmark spent 12-16% of
 * the server's CPU on that walk).
 *
 * It listens to the document itself, so no caller can forget to report a change; and it hears
 * every change, the undo/redo side effects of a late op included (the change event names every
 * block whose place changed, with its new parent). A block's old place is what `topOf`
 * recorded when its top's subtree was last walked.
 *
 * Invariants: a top that is not dirty has its subtree's size in `sizes`, and every block of its
 * subtree is recorded under it in `topOf`; `slides` counts the tops of type `slide` in `types`.
 */
import { type BlockId, ROOT_ID } from '@markdownsync/core'

/** What the index reads of the document, and the change events it follows. */
export interface TreeSource {
  children(id: BlockId): readonly BlockId[]
  parent(id: BlockId): BlockId | undefined
  type(id: BlockId): string
  /** Called after every change with the blocks whose content, parent or children changed. */
  onChange(listener: (event: { readonly blocks: ReadonlySet<BlockId> }) => void): () => void
}

/** What changed at the top level since the last `refresh`. */
export interface TopLevelChanges {
  /** Blocks that joined, left or moved within the top level (a superset: it may hold others). */
  readonly reordered: ReadonlySet<BlockId>
  /** Size changes of blocks that were top-level before and still are. */
  readonly resized: ReadonlyMap<BlockId, number>
}

export class TopLevelIndex {
  private readonly sizes = new Map<BlockId, number>()
  private readonly types = new Map<BlockId, string>()
  /** The top each block was under when that top was last walked. */
  private readonly topOf = new Map<BlockId, BlockId>()
  /** Tops whose subtree may have gained or lost blocks (or that may have stopped being tops). */
  private dirty = new Set<BlockId>()
  /** Tops whose type may have changed. */
  private retyped = new Set<BlockId>()
  private reordered = new Set<BlockId>()
  private slides = 0
  readonly close: () => void

  constructor(private readonly source: TreeSource) {
    for (const top of source.children(ROOT_ID)) this.dirty.add(top)
    this.refresh()
    this.close = source.onChange((event) => this.noteChange(event.blocks))
  }

  sizeOf(top: BlockId): number {
    return this.sizes.get(top) ?? 0
  }

  /** Whether a partition may start at this top: a slide in a deck, a heading otherwise. */
  isBoundary(top: BlockId): boolean {
    return this.types.get(top) === (this.slides > 0 ? 'slide' : 'heading')
  }

  /** Walks the subtrees of the tops that changed; returns, and forgets, what changed. */
  refresh(): TopLevelChanges {
    const resized = new Map<BlockId, number>()
    for (const top of this.dirty) {
      const before = this.sizes.get(top)
      if (this.source.parent(top) !== ROOT_ID) {
        this.forget(top)
        continue
      }
      const size = this.walk(top, top)
      this.sizes.set(top, size)
      this.retyped.add(top)
      if (before !== undefined && before !== size) resized.set(top, size - before)
    }
    for (const top of this.retyped) if (this.sizes.has(top)) this.setType(top)
    const changes = { reordered: this.reordered, resized }
    this.dirty = new Set()
    this.retyped = new Set()
    this.reordered = new Set()
    return changes
  }

  private noteChange(blocks: ReadonlySet<BlockId>): void {
    // the root is among the changed blocks when a block joined it or moved within it
    const rootChanged = blocks.has(ROOT_ID)
    for (const block of blocks) {
      const now = this.topNow(block)
      const was = this.topOf.get(block)
      if (now !== was) {
        if (was !== undefined) this.dirty.add(was)
        if (now !== undefined) this.dirty.add(now)
        else this.topOf.delete(block)
      }
      if (now === block) this.retyped.add(block)
      if ((now === block || was === block) && (rootChanged || now !== was))
        this.reordered.add(block)
    }
  }

  /** The top-level ancestor of a live block (itself for a top), undefined otherwise. */
  private topNow(block: BlockId): BlockId | undefined {
    let top = block
    for (let depth = 0; depth < 10_000; depth++) {
      const parent = this.source.parent(top)
      if (parent === undefined) return undefined
      if (parent === ROOT_ID) return top
      top = parent
    }
    return undefined
  }

  private walk(block: BlockId, top: BlockId): number {
    this.topOf.set(block, top)
    let n = 1
    for (const child of this.source.children(block)) n += this.walk(child, top)
    return n
  }

  private setType(top: BlockId): void {
    const type = this.source.type(top)
    const before = this.types.get(top)
    if (before === type) return
    this.slides += (type === 'slide' ? 1 : 0) - (before === 'slide' ? 1 : 0)
    this.types.set(top, type)
  }

  private forget(top: BlockId): void {
    if (this.types.get(top) === 'slide') this.slides--
    this.sizes.delete(top)
    this.types.delete(top)
  }
}
