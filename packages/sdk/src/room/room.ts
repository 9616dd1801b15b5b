/**
 * A room: one document, entered by one client. The public face over the pieces that do the
 * work — the sync session (session.ts), the document engine (engine/), the outbox (outbox/),
 * presence (presence/) and the viewport (viewport/) — and the only place that knows them all.
 *
 * Edits apply at once (optimistically) and return; what the server refuses is rolled back and
 * reported (`room.on('rejection')`). Nothing here throws: failures are `RoomError`s on
 * `$errors` and `room.on('error')`.
 */
import {
  type BlockId,
  type CursorCluster,
  newBlockId,
  type PropValue,
  ROOT_ID,
  type TextRun,
} from '@markdownsync/core'
import { atom, type ReadableAtom } from 'nanostores'
import type { TokenSource } from '../auth/token-source.js'
import type { BackoffOptions } from '../connection/backoff.js'
import type { WebSocketConstructor } from '../connection/connection.js'
import { Emitter } from '../emitter.js'
import type {
  BlockView,
  DocumentEngine,
  EngineEvent,
  EngineFactory,
  LocalEdit,
  TextDelta,
} from '../engine/engine.js'
import type { HistoryOptions } from '../engine/history.js'
import { createLazyInlineEngine } from '../engine/lazy-inline-engine.js'
import { type RoomError, roomError } from '../errors.js'
import { Outbox } from '../outbox/outbox.js'
import type { OutboxStore } from '../outbox/store.js'
import { messageProblem, RoomPresence } from '../presence/presence.js'
import { type ObserveViewportOptions, observeBlocks, RoomViewport } from '../viewport/viewport.js'
import { BlockMirror } from './block-mirror.js'
import { SyncSession } from './session.js'
import type {
  Other,
  Outline,
  PresenceData,
  PresenceUpdate,
  RejectionEvent,
  RoomEvent,
  RoomStatus,
  Self,
} from './types.js'

export interface EnterRoomOptions<P extends PresenceData = PresenceData> {
  /** This user's presence when the room connects (others see it at once). */
  readonly initialPresence?: P
  /** The blocks shown at first; `['root']` (the default) sees the whole document. */
  readonly viewport?: readonly BlockId[]
  /** Randomness for new block ids and position jitter (seeded tests); Math.random. */
  readonly random?: () => number
  /** Undo grouping: `captureTimeoutMs` (500) and how many steps are kept (500). */
  readonly history?: HistoryOptions
}

/** What a room needs from its client. */
export interface RoomContext {
  readonly url: string
  readonly tokens: TokenSource
  readonly outboxStore: OutboxStore
  readonly WebSocket?: WebSocketConstructor
  readonly backoff?: BackoffOptions
  readonly connectionTimeoutMs?: number
  readonly engine?: EngineFactory
  readonly onLeave: (room: Room<never>) => void
}

export interface InsertBlockInput {
  /** The parent block; `root` (top level) by default. */
  readonly parent?: BlockId
  /** The sibling to come after: null puts it first, undefined (default) last. */
  readonly after?: BlockId | null
  /** `paragraph` by default. */
  readonly type?: string
  readonly props?: Readonly<Record<string, PropValue>>
  readonly text?: string | readonly TextRun[]
  /** An id of your choosing (`[A-Za-z0-9_-]{1,64}`); a random one by default. */
  readonly id?: BlockId
}

export interface RoomEvents {
  /** A change of this client's that the server did not take as made. */
  rejection: RejectionEvent
  error: RoomError
  /** A custom event another session broadcast. */
  event: RoomEvent
}

/** Undo and redo of this user's own changes. */
export interface RoomHistory {
  undo(): boolean
  redo(): boolean
  readonly $canUndo: ReadableAtom<boolean>
  readonly $canRedo: ReadableAtom<boolean>
}

const MAX_ERRORS = 20

export class Room<P extends PresenceData = PresenceData> {
  readonly id: string
  /** `connecting` → `connected` ⇄ `reconnecting`; `disconnected` once stopped. */
  readonly $status: ReadableAtom<RoomStatus>
  /** True when the document has loaded and every local change is acknowledged. */
  readonly $synchronized: ReadableAtom<boolean>
  /** True once the document has loaded (edits are allowed from then on). */
  readonly $loaded: ReadableAtom<boolean>
  /** Partitions and headings of the whole document, from the server's `outline`. */
  readonly $outline: ReadableAtom<Outline | undefined>
  readonly $self: ReadableAtom<Self<P> | undefined>
  readonly $others: ReadableAtom<readonly Other<P>[]>
  /** Blocks with more than ten carets, as a count and colours (CLUSTER-1). */
  readonly $clusters: ReadableAtom<readonly CursorCluster[]>
  /** The most recent errors, oldest first (at most 20). */
  readonly $errors: ReadableAtom<readonly RoomError[]>
  readonly history: RoomHistory

  private readonly engine: DocumentEngine
  private readonly session: SyncSession
  private readonly presence: RoomPresence<P>
  private readonly viewport: RoomViewport
  private readonly mirror: BlockMirror
  private readonly emitter = new Emitter<RoomEvents>()
  private settling = false
  private settleAgain = false
  private readonly errors = atom<readonly RoomError[]>([])
  private readonly canUndo = atom(false)
  private readonly canRedo = atom(false)
  private readonly random: () => number
  private readonly leaveClient: () => void
  private left = false
  /** Set when the engine refuses an edit while it is being posted (the inline engine). */
  private refusedNow = false

  constructor(id: string, context: RoomContext, options: EnterRoomOptions<P> = {}) {
    this.id = id
    this.random = options.random ?? Math.random
    const random = this.random
    this.engine = (context.engine ?? createLazyInlineEngine)({
      random,
      ...(options.history === undefined ? {} : { history: options.history }),
    })
    this.mirror = new BlockMirror(this.engine)
    const outbox = new Outbox(context.outboxStore, id, (error) => this.report(error))
    this.viewport = new RoomViewport(options.viewport ?? [ROOT_ID], (blocks) =>
      this.session.sendViewport(blocks),
    )
    this.session = new SyncSession(
      {
        docId: id,
        url: context.url,
        tokens: context.tokens,
        engine: this.engine,
        outbox,
        ...(context.WebSocket === undefined ? {} : { WebSocket: context.WebSocket }),
        ...(context.backoff === undefined ? {} : { backoff: context.backoff }),
        ...(context.connectionTimeoutMs === undefined
          ? {}
          : { connectionTimeoutMs: context.connectionTimeoutMs }),
        random,
      },
      {
        helloPresence: () => this.presence.helloPresence(),
        viewport: () => this.viewport.current(),
        welcomed: (welcome) => this.presence.welcomed(welcome),
        ephemeral: (message) => this.presence.handle(message),
        partitionsDropped: (partitions) => this.presence.dropPartitions(partitions),
        disconnected: () => this.presence.disconnected(),
        error: (error) => this.report(error),
        rejection: (rejection) => this.emitter.emit('rejection', rejection),
      },
    )
    this.presence = new RoomPresence<P>({
      initialPresence: options.initialPresence ?? ({} as P),
      link: this.session,
      engine: this.engine,
      error: (error) => this.report(error),
      event: (event) => this.emitter.emit('event', event),
    })
    this.engine.subscribe((event) => this.onEngineEvent(event))

    this.$status = this.session.$status
    this.$synchronized = this.session.$synchronized
    this.$loaded = this.session.$loaded
    this.$outline = this.session.$outline
    this.$self = this.presence.$self
    this.$others = this.presence.$others
    this.$clusters = this.presence.$clusters
    this.$errors = this.errors
    this.history = {
      undo: () => this.undoOrRedo('undo'),
      redo: () => this.undoOrRedo('redo'),
      $canUndo: this.canUndo,
      $canRedo: this.canRedo,
    }
    this.leaveClient = () => context.onLeave(this as unknown as Room<never>)
    if (context.WebSocket === undefined && typeof globalThis.WebSocket !== 'function') {
      // Node before 22 has no WebSocket: say so once, instead of retrying forever
      this.report(
        roomError(
          'internal',
          'no WebSocket here: pass `WebSocket` (from the ws package) to createClient',
          true,
        ),
      )
      this.session.stop()
      return
    }
    // unacknowledged ops of an earlier page go first: `hello` says how many will be re-sent
    void outbox.load().then(() => {
      if (!this.left) this.session.start()
    })
  }

  // ------------------------------------------------------------------ reading

  /**
   * A block's view — `{ id, type, props, text, parent }` — or undefined while it does not
   * exist (or has not loaded). Lazy: the room computes it only while the store has listeners,
   * and notifies only when that block changed.
   */
  block(id: BlockId): ReadableAtom<BlockView | undefined> {
    return this.mirror.block(id)
  }

  /** The ids of a block's children (`root` for the top level), in document order. */
  children(id: BlockId): ReadableAtom<readonly BlockId[]> {
    return this.mirror.childrenOf(id)
  }

  /** Resolves once the document has loaded; rejects with a RoomError if the room stops first. */
  ready(): Promise<void> {
    // a lazily loaded engine holds the document only once its code is here
    return this.session.ready().then(() => this.engine.ready?.())
  }

  /**
   * The document as Markdown, from this client's copy: complete only when the viewport sees
   * the whole document (`root`, the default).
   */
  toMarkdown(): Promise<string> {
    return this.engine.query({ type: 'markdown' })
  }

  // ------------------------------------------------------------------ editing

  /** Inserts a block; returns its id, or undefined when the edit was refused (see `$errors`). */
  insertBlock(input: InsertBlockInput = {}): BlockId | undefined {
    const block = input.id ?? newBlockId(this.random)
    const ok = this.edit({
      kind: 'insert_block',
      block,
      parent: input.parent ?? ROOT_ID,
      ...(input.after === undefined ? {} : { after: input.after }),
      type: input.type ?? 'paragraph',
      ...(input.props === undefined ? {} : { props: input.props }),
      ...(input.text === undefined ? {} : { text: input.text }),
    })
    return ok ? block : undefined
  }

  /** Moves a block (and its subtree, content and all) to the trash; undo or `moveBlock` restores it. */
  deleteBlock(id: BlockId): boolean {
    return this.edit({ kind: 'delete_block', block: id })
  }

  /** Moves a block under `parent`, after `after` (null: first; undefined: last). */
  moveBlock(
    id: BlockId,
    to: { readonly parent: BlockId; readonly after?: BlockId | null },
  ): boolean {
    return this.edit({
      kind: 'move_block',
      block: id,
      parent: to.parent,
      ...(to.after === undefined ? {} : { after: to.after }),
    })
  }

  /** Splits a block's text at `offset`: the tail becomes a new next sibling, whose id is returned. */
  splitBlock(
    id: BlockId,
    offset: number,
    options: { readonly type?: string } = {},
  ): BlockId | undefined {
    const newBlock = newBlockId(this.random)
    const ok = this.edit({
      kind: 'split_block',
      block: id,
      offset,
      newBlock,
      ...(options.type === undefined ? {} : { type: options.type }),
    })
    return ok ? newBlock : undefined
  }

  /** Appends `from`'s text to `into`, moves its children under `into`, and deletes it. */
  mergeBlocks(into: BlockId, from: BlockId): boolean {
    return this.edit({ kind: 'merge_blocks', into, from })
  }

  /** Sets a property (last writer wins); `type` changes the block's type. */
  setProperty(id: BlockId, key: string, value: PropValue): boolean {
    return this.edit({ kind: 'set_property', block: id, key, value })
  }

  /** Edits a block's text with a Quill-style delta (`retain`, `insert`, `delete`, formats). */
  editText(id: BlockId, delta: TextDelta): boolean {
    return this.edit({ kind: 'edit_text', block: id, delta })
  }

  /** Replaces a block's text, as the smallest edit (common prefix and suffix kept). */
  replaceText(id: BlockId, text: string): boolean {
    return this.edit({ kind: 'replace_text', block: id, text })
  }

  /** Runs `fn`'s edits as one undo step, sent to the server together. */
  batch(fn: () => void): void {
    this.engine.post({ type: 'batch', phase: 'start' })
    try {
      fn()
    } finally {
      this.engine.post({ type: 'batch', phase: 'end' })
    }
  }

  private mayWrite(): boolean {
    if (this.left) {
      this.report(roomError('not_loaded', 'the room was left'))
      return false
    }
    if (!this.session.isLoaded) {
      this.report(roomError('not_loaded', 'the document has not loaded yet (await room.ready())'))
      return false
    }
    if (!this.session.permissions.includes('write')) {
      this.report(
        roomError(
          'permission_denied',
          'this session may not change the document (no write permission)',
        ),
      )
      return false
    }
    return true
  }

  private edit(edit: LocalEdit): boolean {
    if (!this.mayWrite()) return false
    this.refusedNow = false
    this.engine.post({ type: 'edit', edit })
    this.awaitEngine()
    return !this.refusedNow
  }

  private undoOrRedo(which: 'undo' | 'redo'): boolean {
    if (!(which === 'undo' ? this.canUndo : this.canRedo).get()) return false
    if (!this.mayWrite()) return false
    this.engine.post({ type: which })
    this.awaitEngine()
    return true
  }

  /**
   * An engine that applies edits later (the worker) keeps the room unsynchronized until they
   * are local ops in the outbox: one wait at a time, run again for edits posted meanwhile.
   */
  private awaitEngine(): void {
    const settled = this.engine.settled
    if (settled === undefined) return
    if (this.settling) {
      this.settleAgain = true
      return
    }
    this.settling = true
    this.session.engineBusy(true)
    const wait = (): void => {
      this.settleAgain = false
      void settled.call(this.engine).then(() => {
        if (this.settleAgain) return wait()
        this.settling = false
        this.session.engineBusy(false)
      })
    }
    wait()
  }

  // ------------------------------------------------------------------ viewport and presence

  /** The blocks on screen; reported to the server at most twice a second. */
  setViewport(blocks: readonly BlockId[]): void {
    this.viewport.set(blocks)
  }

  /**
   * Browser only: reports the elements with `data-block-id` under `container` that are on
   * screen as the viewport, as they scroll in and out. Returns the function that stops.
   */
  observeViewport(container: Element, options: ObserveViewportOptions = {}): () => void {
    try {
      return observeBlocks(container, (blocks) => this.setViewport(blocks), options)
    } catch (error) {
      this.report(roomError('invalid_message', (error as Error).message))
      return () => undefined
    }
  }

  /**
   * Merges keys into this user's presence (undefined removes one) and moves the caret
   * (`cursor`; null when it leaves the text). Each is sent at most 4 times a second.
   */
  updatePresence(patch: PresenceUpdate<P>): void {
    if (!this.left) this.presence.update(patch)
  }

  /** Sends a custom ephemeral event to the other sessions; false when it could not go now. */
  broadcastEvent(data: PropValue): boolean {
    if (this.left || !this.session.isOpen) return false
    if (!this.session.mayShowPresence()) {
      this.report(roomError('permission_denied', 'this session may not send events'))
      return false
    }
    const message = { type: 'event', data } as const
    const problem = messageProblem(message)
    if (problem !== undefined) {
      this.report(roomError('invalid_message', `event not sent: ${problem}`))
      return false
    }
    return this.session.send([message])
  }

  // ------------------------------------------------------------------ events and lifecycle

  on<K extends keyof RoomEvents>(event: K, listener: (value: RoomEvents[K]) => void): () => void {
    return this.emitter.on(event, listener)
  }

  /** Leaves the room: the connection closes and the stores stop changing. */
  leave(): void {
    if (this.left) return
    this.left = true
    this.session.stop()
    this.presence.dispose()
    this.viewport.dispose()
    this.engine.dispose()
    this.emitter.clear()
    this.leaveClient()
  }

  private report(error: RoomError): void {
    const list = [...this.errors.get(), error]
    this.errors.set(list.length > MAX_ERRORS ? list.slice(-MAX_ERRORS) : list)
    this.emitter.emit('error', error)
  }

  private onEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'local_ops':
        this.session.localOps(event.envelopes)
        return
      case 'blocks':
      case 'children':
        this.mirror.receive(event)
        return
      case 'history':
        this.canUndo.set(event.canUndo)
        this.canRedo.set(event.canRedo)
        return
      case 'refused':
        this.refusedNow = true
        this.report(roomError(event.code, event.message))
        return
      case 'failed':
        this.session.engineFailed(event.message)
        return
      case 'loaded':
        return
    }
  }
}
