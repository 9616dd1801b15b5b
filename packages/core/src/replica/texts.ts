/**
 * L2: one Yjs document per text-bearing block (TEXT-1), created on first use. The Y.Text is
 * named `text`; inline formatting lives in its attributes. Our Yjs client id is the replica id,
 * which is what lets a replica recognise the text it typed itself (MERGE-2).
 */
import * as Y from 'yjs'
import type { BlockId } from '../ids.js'

export const TEXT_NAME = 'text'

/** A run of text with its formatting, as in Y.Text deltas. */
export interface TextRun {
  insert: string
  attributes?: Record<string, unknown>
}

export class TextStore {
  private readonly docs = new Map<BlockId, Y.Doc>()

  constructor(private readonly clientId: number) {}

  has(block: BlockId): boolean {
    return this.docs.has(block)
  }

  doc(block: BlockId): Y.Doc {
    let doc = this.docs.get(block)
    if (doc === undefined) {
      doc = new Y.Doc({ gc: true })
      doc.clientID = this.clientId
      this.docs.set(block, doc)
    }
    return doc
  }

  peek(block: BlockId): Y.Doc | undefined {
    return this.docs.get(block)
  }

  text(block: BlockId): Y.Text {
    return this.doc(block).getText(TEXT_NAME)
  }

  /**
   * Applies a Yjs update with Yjs's formatting clean-up switched off. After a remote
   * transaction Yjs deletes format markers it finds redundant, in a follow-up transaction of
   * its own; what it deletes depends on arrival order and nobody sends it, so replicas
   * diverged (found by the simulator). Yjs runs that clean-up only for non-local
   * transactions, and `applyUpdate` marks its transaction non-local, so the update is applied
   * inside an outer transaction that is marked local again before it ends. The markers left
   * in place are redundant: the text's delta is the same with or without them.
   */
  applyUpdate(block: BlockId, update: Uint8Array, origin: unknown = 'remote'): void {
    const doc = this.doc(block)
    doc.transact((transaction) => {
      Y.applyUpdate(doc, update, origin)
      transaction.local = true
    }, origin)
  }

  /** Runs `edit` on the block's Y.Text in one transaction and returns the Yjs update it made. */
  edit(block: BlockId, edit: (text: Y.Text) => void): Uint8Array {
    const doc = this.doc(block)
    const captured: Uint8Array[] = []
    const capture = (update: Uint8Array): void => {
      captured.push(update)
    }
    doc.on('update', capture)
    try {
      doc.transact(() => edit(doc.getText(TEXT_NAME)), 'local')
    } finally {
      doc.off('update', capture)
    }
    // An edit that changed nothing still travels as a valid, empty update.
    if (captured.length === 1) return captured[0]!
    return captured.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(captured)
  }

  plain(block: BlockId): string {
    return this.docs.get(block)?.getText(TEXT_NAME).toString() ?? ''
  }

  delta(block: BlockId): TextRun[] {
    const doc = this.docs.get(block)
    if (doc === undefined) return []
    const runs: TextRun[] = []
    for (const d of doc.getText(TEXT_NAME).toDelta() as Array<{
      insert: unknown
      attributes?: Record<string, unknown>
    }>) {
      if (typeof d.insert !== 'string' || d.insert.length === 0) continue
      const run: TextRun = { insert: d.insert }
      if (d.attributes !== undefined && Object.keys(d.attributes).length > 0)
        run.attributes = { ...d.attributes }
      runs.push(run)
    }
    return runs
  }

  /** Whether the block's text holds visible characters typed by `client`. */
  hasVisibleTextBy(block: BlockId, client: number): boolean {
    const doc = this.docs.get(block)
    if (doc === undefined) return false
    for (let item = doc.getText(TEXT_NAME)._start; item !== null; item = item.right) {
      if (!item.deleted && item.countable && item.id.client === client) return true
    }
    return false
  }

  blocks(): IterableIterator<BlockId> {
    return this.docs.keys()
  }
}

/** Inserts formatted runs at `index`. */
export const insertRuns = (text: Y.Text, index: number, runs: readonly TextRun[]): void => {
  let at = index
  for (const run of runs) {
    text.insert(at, run.insert, run.attributes ?? {})
    at += run.insert.length
  }
}

/** The runs from character `from` to the end. */
export const sliceRuns = (runs: readonly TextRun[], from: number): TextRun[] => {
  const out: TextRun[] = []
  let at = 0
  for (const run of runs) {
    const end = at + run.insert.length
    if (end > from) {
      const insert = run.insert.slice(Math.max(0, from - at))
      out.push(run.attributes === undefined ? { insert } : { insert, attributes: run.attributes })
    }
    at = end
  }
  return out
}
