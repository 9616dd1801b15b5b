/**
 * The room's main-thread mirror of what the app reads: one store per block and per child
 * list, created on first ask and kept for the room's life. A store starts watching when its
 * first listener arrives and stops when the last leaves (nanostores' `onMount`), so the
 * engine computes and pushes only views someone shows, and only when they change.
 */
import type { BlockId } from '@markdownsync/core'
import { atom, onMount, type ReadableAtom, type WritableAtom } from 'nanostores'
import type { BlockView, DocumentEngine, EngineEvent } from '../engine/engine.js'

const NO_CHILDREN: readonly BlockId[] = Object.freeze([])

export class BlockMirror {
  private readonly blocks = new Map<BlockId, WritableAtom<BlockView | undefined>>()
  private readonly children = new Map<BlockId, WritableAtom<readonly BlockId[]>>()

  constructor(private readonly engine: DocumentEngine) {}

  block(id: BlockId): ReadableAtom<BlockView | undefined> {
    let store = this.blocks.get(id)
    if (store === undefined) {
      const created = atom<BlockView | undefined>(undefined)
      onMount(created, () => {
        this.engine.post({ type: 'watch', what: 'block', id, on: true })
        return () => this.engine.post({ type: 'watch', what: 'block', id, on: false })
      })
      this.blocks.set(id, created)
      store = created
    }
    return store
  }

  childrenOf(id: BlockId): ReadableAtom<readonly BlockId[]> {
    let store = this.children.get(id)
    if (store === undefined) {
      const created = atom<readonly BlockId[]>(NO_CHILDREN)
      onMount(created, () => {
        this.engine.post({ type: 'watch', what: 'children', id, on: true })
        return () => this.engine.post({ type: 'watch', what: 'children', id, on: false })
      })
      this.children.set(id, created)
      store = created
    }
    return store
  }

  /** Engine events carrying views: the stores take them. */
  receive(event: EngineEvent): void {
    if (event.type === 'blocks') {
      for (const [id, view] of event.changes) this.blocks.get(id)?.set(view)
    } else if (event.type === 'children') {
      for (const [id, ids] of event.changes) this.children.get(id)?.set(ids)
    }
  }
}
