/**
 * A deliberately naive replica for testing the simulator itself: it keeps every envelope it has
 * seen and, whenever one arrives out of order, recomputes the whole document with the reference
 * (./reference.ts). It authors ops the way the rules describe (prev = the move register it sees,
 * MERGE-2 rescues after learning of a merge) but has no log, no undo/redo and no buffer.
 *
 * It lets the harness (network, workload, final checks) be exercised independently of the real
 * `DocumentReplica`, and it is a second opinion on what a replica should author.
 */
import * as Y from 'yjs'
import { createClock, type HlcClock, hlcToString, receive, tick } from '../../src/hlc.js'
import { type BlockId, newBlockId, ROOT_ID, TRASH_ID } from '../../src/ids.js'
import {
  type DurableOp,
  type Envelope,
  type MergeBlocksOp,
  type OpId,
  type PropValue,
  USER_ORIGIN,
} from '../../src/ops.js'
import { positionBetween, positionsBetween } from '../../src/position.js'
import type { CanonicalDoc } from './canonical.js'
import type {
  ApplyResult,
  Placement,
  ReplicaFactory,
  ReplicaOptions,
  SimReplica,
} from './contract.js'
import { ReferenceDocument, sortedUnique } from './reference.js'

type Run = { insert: string; attributes?: Record<string, unknown> }

const deltaOf = (doc: Y.Doc | undefined): Run[] =>
  doc === undefined
    ? []
    : (doc.getText('text').toDelta() as Run[]).filter((r) => typeof r.insert === 'string')

const sliceRuns = (runs: readonly Run[], from: number, to = Number.POSITIVE_INFINITY): Run[] => {
  const out: Run[] = []
  let at = 0
  for (const r of runs) {
    const s = Math.max(from, at)
    const e = Math.min(to, at + r.insert.length)
    if (s < e)
      out.push({
        insert: r.insert.slice(s - at, e - at),
        ...(r.attributes ? { attributes: r.attributes } : {}),
      })
    at += r.insert.length
  }
  return out
}

const insertRuns = (text: Y.Text, index: number, runs: readonly Run[]): void => {
  let at = index
  for (const r of runs) {
    text.insert(at, r.insert, r.attributes ?? {})
    at += r.insert.length
  }
}

export class ModelReplica implements SimReplica {
  private readonly clock: HlcClock
  private readonly known = new Map<OpId, Envelope>()
  private state = new ReferenceDocument()
  private fed: OpId = ''
  private dirty = false
  private readonly listeners = new Set<(env: Envelope) => void>()
  /** Blocks this replica typed (or merged text) into or inserted under: what MERGE-2 concerns. */
  private readonly touched = new Set<BlockId>()
  private readonly reported = new Set<string>()

  constructor(
    private readonly options: ReplicaOptions,
    restore?: { envelopes: Envelope[]; ms: number; counter: number },
  ) {
    this.clock = createClock(options.replica, { now: options.now })
    if (restore !== undefined) {
      this.clock.ms = restore.ms
      this.clock.counter = restore.counter
      for (const env of restore.envelopes) this.known.set(env.id, env)
      this.dirty = true
    }
  }

  // ---- reading

  private view(): ReferenceDocument {
    if (this.dirty) {
      this.state.destroy()
      this.state = new ReferenceDocument()
      const all = sortedUnique([...this.known.values()])
      for (const env of all) this.state.applyNext(env)
      this.fed = all[all.length - 1]?.id ?? ''
      this.dirty = false
    }
    return this.state
  }

  children(id: BlockId): readonly BlockId[] {
    return this.view()
      .childrenOf(id)
      .map((c) => c.id)
  }

  parent(id: BlockId): BlockId | undefined {
    return this.view().nodes.get(id)?.parent
  }

  isLive(id: BlockId): boolean {
    const s = this.view()
    return s.isAncestorOrSelf(ROOT_ID, id)
  }

  text(id: BlockId): string {
    return this.view().docs.get(id)?.getText('text').toString() ?? ''
  }

  toCanonical(): CanonicalDoc {
    return this.view().canonical()
  }

  checkInvariants(): string[] {
    const s = this.view()
    const problems: string[] = []
    for (const id of s.nodes.keys()) {
      if (!s.isAncestorOrSelf(ROOT_ID, id) && !s.isAncestorOrSelf(TRASH_ID, id))
        problems.push(`${id} is detached`)
    }
    return problems
  }

  // ---- remote

  apply(envelopes: readonly Envelope[]): ApplyResult {
    const fresh: Envelope[] = []
    const rejected: Array<{ id: OpId; code: string }> = []
    let duplicates = 0
    for (const env of envelopes) {
      if (this.known.has(env.id) || fresh.some((f) => f.id === env.id)) {
        duplicates++
        continue
      }
      const error = receive(this.clock, env.hlc)
      if (error !== undefined) {
        rejected.push({ id: env.id, code: error.code })
        continue
      }
      fresh.push(env)
    }
    this.integrate(fresh)
    const generated = this.rescue(fresh)
    // report this replica's own ops that (now) lose, once each, as the real replica does
    for (const note of this.view().notes) {
      const key = `${note.id} ${note.outcome}`
      if (this.reported.has(key) || this.known.get(note.id)?.hlc.replica !== this.options.replica)
        continue
      if (note.outcome === 'missing_block' || note.outcome === 'missing_dep') continue
      this.reported.add(key)
      rejected.push({ id: note.id, code: note.outcome })
    }
    return { applied: fresh.length, duplicates, buffered: 0, generated, rejected }
  }

  private integrate(envelopes: readonly Envelope[]): void {
    for (const env of envelopes) this.known.set(env.id, env)
    if (this.dirty) return
    const sorted = sortedUnique(envelopes)
    if (sorted.length > 0 && sorted[0]!.id <= this.fed) {
      this.dirty = true
      return
    }
    for (const env of sorted) this.state.applyNext(env)
    if (sorted.length > 0) this.fed = sorted[sorted.length - 1]!.id
  }

  /** MERGE-2: for a merge that trashed a block this replica typed into unseen, bring it back. */
  private rescue(fresh: readonly Envelope[]): Envelope[] {
    if (this.touched.size === 0 || fresh.length === 0) return []
    const merges = [...this.known.values()].filter(
      (e): e is Envelope<MergeBlocksOp> =>
        e.op.kind === 'merge_blocks' && this.touched.has(e.op.from),
    )
    const out: Envelope[] = []
    for (const m of merges.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const s = this.view()
      const { from, into } = m.op
      const node = s.nodes.get(from)
      if (node === undefined || node.register !== m.id || node.parent !== TRASH_ID) continue
      const seen = Y.decodeStateVector(m.op.fromStateVector).get(this.options.replica) ?? 0
      const typedUnseen = this.visibleItemsSince(s.docs.get(from), seen)
      const mine = s
        .childrenOf(from)
        .filter(
          (c) =>
            !m.op.children.some((x) => x.block === c.id) &&
            [...this.known.values()].some(
              (e) =>
                e.hlc.replica === this.options.replica &&
                e.op.kind === 'insert_block' &&
                e.op.block === c.id &&
                e.op.parent === from,
            ),
        )
      const intoParent = s.nodes.get(into)?.parent
      if (intoParent === undefined) continue
      for (const c of mine) {
        if (!s.isAncestorOrSelf(c.id, into)) out.push(this.moveBlock(c.id, { parent: into }))
      }
      if (typedUnseen) {
        // next to `into`; if `into` itself is gone (merged on, deleted), at the end of the root
        const live = this.isLive(into) && !this.view().isAncestorOrSelf(from, intoParent)
        out.push(
          this.moveBlock(from, live ? { parent: intoParent, after: into } : { parent: ROOT_ID }),
        )
      }
    }
    return out
  }

  private visibleItemsSince(doc: Y.Doc | undefined, clock: number): boolean {
    if (doc === undefined) return false
    for (let item = doc.getText('text')._start; item !== null; item = item.right) {
      if (
        !item.deleted &&
        item.id.client === this.options.replica &&
        item.id.clock + item.length > clock
      )
        return true
    }
    return false
  }

  // ---- local

  onLocalOp(listener: (env: Envelope) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(op: DurableOp): Envelope {
    const hlc = tick(this.clock)
    const env: Envelope = {
      id: hlcToString(hlc),
      hlc,
      user: this.options.user,
      session: this.options.session,
      origin: USER_ORIGIN,
      op,
    }
    this.integrate([env])
    for (const l of this.listeners) l(env)
    return env
  }

  private edit(block: BlockId | undefined, change: (text: Y.Text) => void): Uint8Array {
    const clone = new Y.Doc()
    const base = block === undefined ? undefined : this.view().docs.get(block)
    if (base !== undefined) Y.applyUpdate(clone, Y.encodeStateAsUpdate(base))
    // set after loading: Yjs reassigns a client id it sees arriving in a remote update
    clone.clientID = this.options.replica
    const before = Y.encodeStateVector(clone)
    change(clone.getText('text'))
    const update = Y.encodeStateAsUpdate(clone, before)
    clone.destroy()
    return update
  }

  private keyFor(to: Placement, moving?: BlockId): string {
    const siblings = this.view()
      .childrenOf(to.parent)
      .filter((c) => c.id !== moving)
    if (to.after === undefined)
      return positionBetween(siblings[siblings.length - 1]?.key ?? null, null, this.options.random)
    if (to.after === null)
      return positionBetween(null, siblings[0]?.key ?? null, this.options.random)
    const i = siblings.findIndex((c) => c.id === to.after)
    if (i < 0) throw new Error(`${to.after} is not a child of ${to.parent}`)
    return positionBetween(siblings[i]!.key, siblings[i + 1]?.key ?? null, this.options.random)
  }

  private register(block: BlockId): OpId | null {
    const node = this.view().nodes.get(block)
    if (node === undefined) throw new Error(`unknown block ${block}`)
    return node.register
  }

  insertBlock(
    args: Placement & {
      type: string
      props?: Record<string, PropValue>
      text?: string
      id?: BlockId
    },
  ): Envelope {
    const block = args.id ?? newBlockId(this.options.random)
    const key = this.keyFor(args)
    const text =
      args.text === undefined ? undefined : this.edit(undefined, (t) => t.insert(0, args.text!))
    this.touched.add(args.parent)
    return this.emit({
      kind: 'insert_block',
      block,
      parent: args.parent,
      key,
      blockType: args.type,
      ...(args.props === undefined ? {} : { props: args.props }),
      ...(text === undefined ? {} : { text }),
    })
  }

  deleteBlock(id: BlockId): Envelope {
    return this.emit({ kind: 'delete_block', block: id, prev: this.register(id) })
  }

  moveBlock(id: BlockId, to: Placement): Envelope {
    if (this.view().isAncestorOrSelf(id, to.parent))
      throw new Error(`moving ${id} under ${to.parent} makes a cycle`)
    return this.emit({
      kind: 'move_block',
      block: id,
      parent: to.parent,
      key: this.keyFor(to, id),
      prev: this.register(id),
    })
  }

  splitBlock(id: BlockId, offset: number): Envelope {
    const s = this.view()
    const node = s.nodes.get(id)
    if (node === undefined) throw new Error(`unknown block ${id}`)
    const runs = deltaOf(s.docs.get(id))
    const length = runs.reduce((n, r) => n + r.insert.length, 0)
    const tail = sliceRuns(runs, offset)
    const headUpdate = this.edit(id, (t) => t.delete(offset, length - offset))
    const tailText = this.edit(undefined, (t) => insertRuns(t, 0, tail))
    return this.emit({
      kind: 'split_block',
      block: id,
      newBlock: newBlockId(this.options.random),
      parent: node.parent,
      key: this.keyFor({ parent: node.parent, after: id }),
      blockType: s.typeOf(id),
      headUpdate,
      tailText,
    })
  }

  mergeBlocks(into: BlockId, from: BlockId): Envelope {
    // the copied text is this replica's typing in `into` as far as MERGE-2 is concerned
    this.touched.add(into)
    const s = this.view()
    const moved = deltaOf(s.docs.get(from))
    const intoLength = s.docs.get(into)?.getText('text').length ?? 0
    const kids = s.childrenOf(from)
    const lastKey = s.childrenOf(into).at(-1)?.key ?? null
    const keys = positionsBetween(lastKey, null, kids.length, this.options.random)
    const fromDoc = s.docs.get(from)
    return this.emit({
      kind: 'merge_blocks',
      into,
      from,
      prev: this.register(from),
      intoUpdate: this.edit(into, (t) => insertRuns(t, intoLength, moved)),
      fromUpdate: this.edit(from, (t) => t.delete(0, t.length)),
      fromStateVector:
        fromDoc === undefined ? Y.encodeStateVector(new Y.Doc()) : Y.encodeStateVector(fromDoc),
      children: kids.map((c, i) => ({ block: c.id, key: keys[i]!, prev: this.register(c.id) })),
    })
  }

  insertText(
    id: BlockId,
    index: number,
    text: string,
    attributes?: Record<string, unknown>,
  ): Envelope {
    this.touched.add(id)
    return this.emit({
      kind: 'edit_text',
      block: id,
      update: this.edit(id, (t) => t.insert(index, text, attributes ?? {})),
    })
  }

  deleteText(id: BlockId, index: number, length: number): Envelope {
    return this.emit({
      kind: 'edit_text',
      block: id,
      update: this.edit(id, (t) => t.delete(index, length)),
    })
  }

  formatText(
    id: BlockId,
    index: number,
    length: number,
    attributes: Record<string, unknown>,
  ): Envelope {
    return this.emit({
      kind: 'edit_text',
      block: id,
      update: this.edit(id, (t) => t.format(index, length, attributes)),
    })
  }

  setProperty(id: BlockId, key: string, value: PropValue): Envelope {
    return this.emit({ kind: 'set_property', block: id, key, value })
  }

  // ---- persistence

  encodeSnapshot(): Uint8Array {
    const json = JSON.stringify(
      { envelopes: [...this.known.values()], ms: this.clock.ms, counter: this.clock.counter },
      (_, v: unknown) =>
        v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64') } : v,
    )
    return new TextEncoder().encode(json)
  }

  static fromSnapshot(bytes: Uint8Array, options: ReplicaOptions): ModelReplica {
    const parsed = JSON.parse(new TextDecoder().decode(bytes), (_, v: unknown) =>
      typeof v === 'object' && v !== null && '$bytes' in v
        ? new Uint8Array(Buffer.from(String(v.$bytes), 'base64'))
        : v,
    ) as { envelopes: Envelope[]; ms: number; counter: number }
    return new ModelReplica(options, parsed)
  }

  truncateLog(_stable: OpId): void {}
}

export const modelReplicaFactory: ReplicaFactory = {
  create: (options) => new ModelReplica(options),
  fromSnapshot: (bytes, options) => ModelReplica.fromSnapshot(bytes, options),
}
