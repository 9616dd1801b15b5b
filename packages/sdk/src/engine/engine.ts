/**
 * The document engine: where a room's CRDT replica lives. The `InlineEngine` runs it on the
 * calling thread (Node, tests, SSR); the `WorkerEngine` runs the same replica in a Web Worker
 * behind this same interface (DESIGN "The client SDK").
 *
 * So the interface is message-shaped: commands go in (`post`), events come out (`subscribe`),
 * and reads are asynchronous (`query`); every value is structured-clonable (plain objects,
 * arrays, strings, numbers, Uint8Array), so `postMessage` can carry it unchanged. The room
 * never holds the replica: it keeps main-thread mirrors of what the app watches (the views of
 * the blocks and child lists that have subscribers), which the engine pushes when they change.
 *
 * Ordering contract: commands are handled in the order posted; events come out in the order
 * they happen. The inline engine emits them synchronously inside `post`; the worker engine
 * emits them later, so nothing may count on an edit's events arriving before `post` returns.
 * The worker engine transfers (detaches) the bytes of `load.snapshot`, `apply` and `catch_up`:
 * the poster must not read them afterwards.
 */
import type {
  BlockId,
  CanonicalDoc,
  CatchUpBlock,
  Envelope,
  PropValue,
  TextRun,
} from '@markdownsync/core'
import type { HistoryOptions } from './history.js'

/** A block as the app reads it. */
export interface BlockView {
  readonly id: BlockId
  readonly type: string
  /** Its properties other than `type`. */
  readonly props: Readonly<Record<string, PropValue>>
  /** Its text as formatted runs (empty for blocks without text, or whose content is not loaded). */
  readonly text: readonly TextRun[]
  /** `root` for top-level blocks, `trash` for deleted ones. */
  readonly parent: BlockId | undefined
}

export type TextAttributes = Readonly<Record<string, unknown>>

/** One step of a Quill-style text delta; positions are UTF-16 code units, as in Yjs. */
export type TextDeltaOp =
  | { readonly insert: string; readonly attributes?: TextAttributes }
  | { readonly delete: number }
  | { readonly retain: number; readonly attributes?: TextAttributes }

export type TextDelta = readonly TextDeltaOp[]

/**
 * Where a pushed block view stands in the block's text history, for the worker engine's
 * rebasing of the room's text edits (ot.js's client/server protocol, per block, with the
 * engine as the server: text-log.ts, text-rebase.ts). Every change to a watched block's text
 * is one revision.
 */
export interface TextRevision {
  /** The revision this view is at. */
  readonly revision: number
  /**
   * The changes since the previous push, in order, each with the `seq` of the room's edit it
   * applied (its acknowledgement) when it was one. Absent: the view starts a new history (the
   * first push after a watch, a load, or a refused edit): take it as it is.
   */
  readonly changes?: ReadonlyArray<TextChangeEntry>
}

export interface TextChangeEntry {
  readonly delta: TextDelta
  readonly seq?: number
}

/** A local edit, as the room asks the engine to make it. Block ids are chosen by the room. */
export type LocalEdit =
  | {
      readonly kind: 'insert_block'
      readonly block: BlockId
      readonly parent: BlockId
      /** The sibling to come after; null: first child; undefined: last. */
      readonly after?: BlockId | null
      readonly type: string
      readonly props?: Readonly<Record<string, PropValue>>
      readonly text?: string | readonly TextRun[]
    }
  | { readonly kind: 'delete_block'; readonly block: BlockId }
  | {
      readonly kind: 'move_block'
      readonly block: BlockId
      readonly parent: BlockId
      readonly after?: BlockId | null
    }
  | {
      readonly kind: 'split_block'
      readonly block: BlockId
      readonly offset: number
      readonly newBlock: BlockId
      readonly type?: string
      /** The block's text revision `offset` was computed against (see `TextRevision`). */
      readonly revision?: number
    }
  | { readonly kind: 'merge_blocks'; readonly into: BlockId; readonly from: BlockId }
  | {
      readonly kind: 'set_property'
      readonly block: BlockId
      readonly key: string
      readonly value: PropValue
    }
  | {
      readonly kind: 'edit_text'
      readonly block: BlockId
      readonly delta: TextDelta
      /**
       * The block's text revision the delta was computed against (see `TextRevision`): the
       * engine rebases it over the changes made since. Absent: it applies to the text as is.
       */
      readonly revision?: number
      /** With a revision: the number its acknowledgement names (`TextChangeEntry.seq`). */
      readonly seq?: number
    }
  | { readonly kind: 'replace_text'; readonly block: BlockId; readonly text: string }

/** Who the replica writes as: its replica id (also its Yjs client id), user and session. */
export interface EngineIdentity {
  readonly replica: number
  readonly user: string
  readonly session: string
}

export type EngineCommand =
  /** Replaces the replica with one restored from a snapshot, then applies `replay` (the outbox). */
  | {
      readonly type: 'load'
      readonly snapshot: Uint8Array
      readonly identity: EngineIdentity
      readonly replay: readonly Envelope[]
    }
  /** Same document, new identity (the server gave another replica id, or another user). */
  | { readonly type: 'rebind'; readonly identity: EngineIdentity }
  | { readonly type: 'apply'; readonly envelopes: readonly Envelope[] }
  | { readonly type: 'catch_up'; readonly blocks: readonly CatchUpBlock[] }
  | { readonly type: 'edit'; readonly edit: LocalEdit }
  /** Edits between `start` and `end` are one undo step. */
  | { readonly type: 'batch'; readonly phase: 'start' | 'end' }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' }
  /** Start or stop pushing a block's view, or a block's child list, when it changes. */
  | {
      readonly type: 'watch'
      readonly what: 'block' | 'children'
      readonly id: BlockId
      readonly on: boolean
    }

export type EngineEvent =
  | { readonly type: 'loaded'; readonly replica: number }
  /** Ops this replica authored, in order: to the outbox and the server. */
  | { readonly type: 'local_ops'; readonly envelopes: readonly Envelope[] }
  /**
   * Watched blocks whose view changed (undefined: the block does not exist), with the text
   * revision of the view (absent where the engine keeps none).
   */
  | {
      readonly type: 'blocks'
      readonly changes: ReadonlyArray<readonly [BlockId, BlockView | undefined, TextRevision?]>
    }
  /** Watched child lists that changed. */
  | {
      readonly type: 'children'
      readonly changes: ReadonlyArray<readonly [BlockId, readonly BlockId[]]>
    }
  | { readonly type: 'history'; readonly canUndo: boolean; readonly canRedo: boolean }
  /** A local edit the engine refused; nothing changed. */
  | {
      readonly type: 'refused'
      readonly code: 'invalid_edit' | 'not_loaded'
      readonly message: string
    }
  /** A snapshot that could not be loaded. */
  | { readonly type: 'failed'; readonly message: string }

/** A caret (and the head of a selection) as encoded Yjs relative positions. */
export interface EncodedCursor {
  readonly anchor: Uint8Array
  readonly head?: Uint8Array
}

export type EngineQuery =
  | {
      readonly type: 'encode_cursor'
      readonly block: BlockId
      readonly index: number
      readonly head?: number
    }
  | {
      readonly type: 'resolve_cursors'
      readonly cursors: ReadonlyArray<{ readonly block: BlockId } & EncodedCursor>
    }
  | { readonly type: 'markdown' }
  | { readonly type: 'canonical' }

export interface EngineAnswers {
  encode_cursor: EncodedCursor | undefined
  /** Indices in the same order; undefined where the block or its text is not here. */
  resolve_cursors: ReadonlyArray<{ readonly index: number; readonly head?: number } | undefined>
  markdown: string
  canonical: CanonicalDoc | undefined
}

export interface DocumentEngine {
  /**
   * Resolves once the engine's code has loaded (never rejects: a failure is a `failed` event);
   * the room's `ready()` waits for it, so that the document is in the engine by then.
   */
  ready?(): Promise<void>
  /**
   * Resolves once every edit posted so far has become local ops (or was refused). Engines that
   * apply edits later than `post` (the worker engine) have it; the room keeps `$synchronized`
   * false until it resolves, so "saved" never shows while an edit is still on its way.
   */
  settled?(): Promise<void>
  post(command: EngineCommand): void
  query<Q extends EngineQuery>(query: Q): Promise<EngineAnswers[Q['type']]>
  subscribe(listener: (event: EngineEvent) => void): () => void
  dispose(): void
}

export interface EngineOptions {
  /** Randomness for position jitter (seeded tests); Math.random by default. */
  readonly random?: () => number
  readonly history?: HistoryOptions
}

/** Makes a room's engine (see `EngineChoice` for the ones the SDK has). */
export type EngineFactory = (options: EngineOptions) => DocumentEngine

/**
 * What an engine without a document answers (before its replica loads, after it is disposed
 * or failed): nothing to encode or resolve, empty Markdown.
 */
export const noDocumentAnswer = <Q extends EngineQuery>(query: Q): EngineAnswers[Q['type']] => {
  const answer = (q: EngineQuery): EngineAnswers[EngineQuery['type']] => {
    switch (q.type) {
      case 'encode_cursor':
      case 'canonical':
        return undefined
      case 'resolve_cursors':
        return q.cursors.map(() => undefined)
      case 'markdown':
        return ''
    }
  }
  return answer(query) as EngineAnswers[Q['type']]
}
