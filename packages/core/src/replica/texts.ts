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

/**
 * A block's Y.Doc, with Yjs's formatting clean-up switched off. After a remote transaction
 * Yjs deletes format markers it finds redundant, in a follow-up transaction of its own; what
 * it deletes depends on arrival order and nobody sends it, so replicas diverged (found by the
 * simulator). The clean-up is requested by a flag that `afterTransaction` handlers see before
 * it runs; the markers left in place are redundant and do not change the text's delta.
 */
const createDoc = (block: BlockId, clientId: number): Y.Doc => {
  // a guid of our own spares Yjs generating a random uuid per block (17% of simulator time)
  const doc = new Y.Doc({ gc: true, guid: block })
  doc.clientID = clientId
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    ;(transaction as unknown as { _needFormattingCleanup: boolean })._needFormattingCleanup = false
  })
  return doc
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i])

/**
 * Yjs keeps structs whose dependencies have not arrived as "pending" and retries them when
 * the missing clock arrives, but after a partial retry it can lose track of what they wait
 * for and never integrate them: the text vanishes (found by the simulator, Yjs 13.6). So the
 * pending structs are re-applied here until a round integrates nothing more.
 */
const integratePending = (doc: Y.Doc, origin: unknown): void => {
  for (let round = 0; round < 16; round++) {
    const pending = doc.store.pendingStructs
    if (pending === null) return
    const before = Y.encodeStateVector(doc)
    doc.store.pendingStructs = null
    // pending structs are kept in the v2 encoding
    Y.applyUpdateV2(doc, pending.update, origin)
    if (sameBytes(before, Y.encodeStateVector(doc))) return
  }
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
      doc = createDoc(block, this.clientId)
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

  /** Applies a Yjs update; see `createDoc` and `integratePending` for two Yjs quirks. */
  applyUpdate(block: BlockId, update: Uint8Array, origin: unknown = 'remote'): void {
    const doc = this.doc(block)
    Y.applyUpdate(doc, update, origin)
    integratePending(doc, origin)
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
    return doc === undefined ? [] : normalizeDelta(doc.getText(TEXT_NAME).toDelta())
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

  /** Whether any block's text holds items written by Yjs client `client`. */
  hasTextBy(client: number): boolean {
    for (const doc of this.docs.values()) if (doc.store.clients.has(client)) return true
    return false
  }

  blocks(): IterableIterator<BlockId> {
    return this.docs.keys()
  }
}

const sameAttributes = (
  a: Record<string, unknown> | undefined,
  b: Record<string, unknown> | undefined,
): boolean => {
  const ka = Object.keys(a ?? {})
  const kb = Object.keys(b ?? {})
  return (
    ka.length === kb.length && ka.every((k) => JSON.stringify(a![k]) === JSON.stringify(b?.[k]))
  )
}

/**
 * A Y.Text delta in its normal form: string runs only, no empty runs, no empty attribute
 * objects, and adjacent runs with equal attributes joined. Yjs splits a run at every format
 * marker, even a redundant one, and redundant markers are kept (see `createDoc`), so the
 * same visible text can come out in different pieces.
 */
export const normalizeDelta = (
  delta: ReadonlyArray<{ insert?: unknown; attributes?: Record<string, unknown> }>,
): TextRun[] => {
  const runs: TextRun[] = []
  for (const d of delta) {
    if (typeof d.insert !== 'string' || d.insert.length === 0) continue
    const attributes =
      d.attributes !== undefined && Object.keys(d.attributes).length > 0 ? d.attributes : undefined
    const last = runs[runs.length - 1]
    if (last !== undefined && sameAttributes(last.attributes, attributes)) {
      last.insert += d.insert
      continue
    }
    runs.push(
      attributes === undefined
        ? { insert: d.insert }
        : { insert: d.insert, attributes: { ...attributes } },
    )
  }
  return runs
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
