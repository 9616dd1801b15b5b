/**
 * Hand-built envelopes for rule tests of the reference: an `Author` is a bare clock plus one
 * Y.Doc per block (Yjs client id = replica id, TEXT-1), with no tree of its own. Callers pass
 * keys and `prev` explicitly, so a test says exactly which concurrent situation it builds.
 */
import * as Y from 'yjs'
import { createClock, type HlcClock, hlcToString, receive, tick } from '../../src/hlc.js'
import type { BlockId } from '../../src/ids.js'
import {
  type DurableOp,
  type Envelope,
  type OpId,
  type PropValue,
  USER_ORIGIN,
} from '../../src/ops.js'

export class Author {
  readonly clock: HlcClock
  /** The fake wall clock this author's HLC reads. */
  ms = 1_000
  private readonly docs = new Map<BlockId, Y.Doc>()

  constructor(readonly replica: number) {
    this.clock = createClock(replica, { now: () => this.ms })
  }

  stamp<O extends DurableOp>(op: O, deps?: OpId[]): Envelope<O> {
    const hlc = tick(this.clock)
    return {
      id: hlcToString(hlc),
      hlc,
      user: `u${this.replica}`,
      session: `s${this.replica}`,
      origin: USER_ORIGIN,
      ...(deps === undefined ? {} : { deps }),
      op,
    }
  }

  /** Learns of other authors' ops: their stamps (HLC receive) and their text. */
  observe(...envelopes: Envelope[]): this {
    for (const env of envelopes) {
      receive(this.clock, env.hlc)
      const op = env.op
      switch (op.kind) {
        case 'insert_block':
          this.applyTo(op.block, op.text)
          break
        case 'split_block':
          this.applyTo(op.block, op.headUpdate)
          this.applyTo(op.newBlock, op.tailText)
          break
        case 'merge_blocks':
          this.applyTo(op.into, op.intoUpdate)
          this.applyTo(op.from, op.fromUpdate)
          break
        case 'edit_text':
          this.applyTo(op.block, op.update)
          break
        default:
          break
      }
    }
    return this
  }

  text(block: BlockId): string {
    return this.doc(block).getText('text').toString()
  }

  insert(
    block: BlockId,
    parent: BlockId,
    key: string,
    options: { type?: string; text?: string; props?: Record<string, PropValue> } = {},
  ): Envelope {
    const text =
      options.text === undefined ? undefined : this.change(block, (t) => t.insert(0, options.text!))
    return this.stamp({
      kind: 'insert_block',
      block,
      parent,
      key,
      blockType: options.type ?? 'paragraph',
      ...(options.props === undefined ? {} : { props: options.props }),
      ...(text === undefined ? {} : { text }),
    })
  }

  move(block: BlockId, parent: BlockId, key: string, prev: OpId | null): Envelope {
    return this.stamp({ kind: 'move_block', block, parent, key, prev })
  }

  delete(block: BlockId, prev: OpId | null): Envelope {
    return this.stamp({ kind: 'delete_block', block, prev })
  }

  split(
    block: BlockId,
    offset: number,
    newBlock: BlockId,
    parent: BlockId,
    key: string,
    type = 'paragraph',
  ): Envelope {
    const tail = this.text(block).slice(offset)
    const headUpdate = this.change(block, (t) => t.delete(offset, tail.length))
    const tailText = this.change(newBlock, (t) => t.insert(0, tail))
    return this.stamp({
      kind: 'split_block',
      block,
      newBlock,
      parent,
      key,
      blockType: type,
      headUpdate,
      tailText,
    })
  }

  merge(
    into: BlockId,
    from: BlockId,
    prev: OpId | null,
    children: Array<{ block: BlockId; key: string; prev: OpId | null }> = [],
  ): Envelope {
    const fromDoc = this.doc(from)
    const fromStateVector = Y.encodeStateVector(fromDoc)
    const moved = this.text(from)
    const intoUpdate = this.change(into, (t) => t.insert(t.length, moved))
    const fromUpdate = this.change(from, (t) => t.delete(0, t.length))
    return this.stamp({
      kind: 'merge_blocks',
      into,
      from,
      prev,
      intoUpdate,
      fromUpdate,
      fromStateVector,
      children,
    })
  }

  type(
    block: BlockId,
    index: number,
    text: string,
    attributes?: Record<string, unknown>,
  ): Envelope {
    const update = this.change(block, (t) => t.insert(index, text, attributes))
    return this.stamp({ kind: 'edit_text', block, update })
  }

  erase(block: BlockId, index: number, length: number): Envelope {
    return this.stamp({
      kind: 'edit_text',
      block,
      update: this.change(block, (t) => t.delete(index, length)),
    })
  }

  format(
    block: BlockId,
    index: number,
    length: number,
    attributes: Record<string, unknown>,
  ): Envelope {
    const update = this.change(block, (t) => t.format(index, length, attributes))
    return this.stamp({ kind: 'edit_text', block, update })
  }

  setProp(block: BlockId, key: string, value: PropValue): Envelope {
    return this.stamp({ kind: 'set_property', block, key, value })
  }

  private doc(block: BlockId): Y.Doc {
    let doc = this.docs.get(block)
    if (doc === undefined) {
      doc = new Y.Doc()
      doc.clientID = this.replica
      this.docs.set(block, doc)
    }
    return doc
  }

  private applyTo(block: BlockId, update: Uint8Array | undefined): void {
    if (update !== undefined && update.length > 0) Y.applyUpdate(this.doc(block), update)
  }

  private change(block: BlockId, edit: (text: Y.Text) => void): Uint8Array {
    const doc = this.doc(block)
    const before = Y.encodeStateVector(doc)
    edit(doc.getText('text'))
    return Y.encodeStateAsUpdate(doc, before)
  }
}
