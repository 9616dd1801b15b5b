/** The public types of a room, in one place. */
import type {
  BlockId,
  DurableOpKind,
  OpId,
  OutlinePartition,
  Permission,
  PropValue,
  RejectCode,
  SessionId,
  UserId,
  UserInfo,
} from '@markdownsync/core'

/**
 * - `connecting`: the first connection is being made;
 * - `connected`: the server admitted the session (`welcome`);
 * - `reconnecting`: the connection dropped and the room is getting it back (edits keep working
 *   and wait in the outbox);
 * - `disconnected`: the room stopped — it was left, or the server said not to retry (see
 *   `$errors`).
 */
export type RoomStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected'

/** The cheap shape of the whole document, from the server's `outline`. */
export interface Outline {
  readonly partitionMapVersion: number
  readonly seq: number
  readonly partitions: readonly OutlinePartition[]
}

/** App-defined presence: JSON-like values. */
export type PresenceData = { readonly [key: string]: PropValue }

/** A caret in a block's text (UTF-16 offsets), with the other end of a selection. */
export interface CursorPosition {
  readonly block: BlockId
  readonly index: number
  readonly head?: number
}

/** `updatePresence` takes presence keys to change, and `cursor` (null: the caret left). */
export type PresenceUpdate<P extends PresenceData> = Partial<P> & {
  readonly cursor?: CursorPosition | null
}

/** Another session's caret, resolved against this client's copy of the block's text. */
export interface OtherCursor {
  readonly block: BlockId
  /** Null while the block's text is not loaded here (outside the viewport). */
  readonly index: number | null
  readonly head?: number | null
}

export interface Other<P extends PresenceData = PresenceData> {
  readonly session: SessionId
  readonly user: UserInfo
  readonly presence: P
  /** Only for blocks in partitions this client sees (cursors are viewport-filtered). */
  readonly cursor: OtherCursor | null
}

export interface Self<P extends PresenceData = PresenceData> {
  readonly session: SessionId
  readonly user: UserInfo
  readonly permissions: readonly Permission[]
  readonly presence: P
}

/** A change of this client's that the server did not take as made. */
export interface RejectionEvent {
  readonly opId: OpId
  readonly code: RejectCode
  /** Human-readable, from the server (or the client for ops it refused to send). */
  readonly reason: string
  /** The op's kind, when this client still had it. */
  readonly kind?: DurableOpKind
  /** The blocks the op named. */
  readonly blocks: readonly BlockId[]
  /**
   * True when the change was rolled back (the room resynced from a fresh snapshot); false for
   * lost moves and duplicate ids (`concurrent_move`, `cycle`, `duplicate_block`), which every
   * replica settles the same way without a rollback.
   */
  readonly rolledBack: boolean
  /** Later changes of this client dropped with it: they needed a block it created. */
  readonly dropped: readonly OpId[]
}

/** A custom event another session broadcast. */
export interface RoomEvent {
  readonly session: SessionId
  readonly user: UserId
  readonly data: PropValue
}
