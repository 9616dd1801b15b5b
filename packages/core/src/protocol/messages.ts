/**
 * Every message of the product's client↔server protocol, as discriminated unions on `type`.
 * The server and the SDK import these types and nothing else from each other.
 *
 * A session's life: the client sends `hello`; the server answers `welcome` (or `error` and a
 * close). The server then sends the `outline` of the whole document; the client reports the
 * blocks it shows (`viewport`), the server answers with the partitions it `subscribed` the
 * session to, and the client asks for what it has not seen (`catch_up_request` → `catch_up`).
 * From then on durable `ops` flow both ways: the author gets an `ack` (only after the op's batch
 * committed) or a `reject` with a reason; peers get the op in a server `ops` message at once.
 * Ephemeral traffic (cursors, presence, custom events) is batched and may be dropped under load.
 *
 * The binary layout of each message is `PROTOCOL_SCHEMA` in schema.ts; the compiler checks that
 * the schema and these types describe the same shapes.
 */
import type { BlockId } from '../ids.js'
import type { BlockType, Envelope, OpId, PropValue } from '../ops.js'

/** A partition of a document: a contiguous run of blocks in document order. */
export type PartitionId = string
/** One connection of one user to one document (a user with two tabs has two sessions). */
export type SessionId = string
export type UserId = string
/** Position in the document's gapless op sequence; 0 means "nothing yet". */
export type Seq = number
/** A colour, `#rrggbb` in lowercase. */
export type Color = string

export const PERMISSIONS = ['read', 'write', 'presence', 'admin'] as const
export type Permission = (typeof PERMISSIONS)[number]

export const USER_KINDS = ['human', 'agent'] as const
export type UserKind = (typeof USER_KINDS)[number]

/** Why the server refused a durable op. The author rolls its optimistic change back. */
export const REJECT_CODES = [
  /** MOVE-2: a concurrent move of the same block with a lower HLC won. */
  'concurrent_move',
  /** MOVE-1: the move would have made the block its own ancestor. */
  'cycle',
  /** CREATE-1: a block with this id was already created. */
  'duplicate_block',
  /** The op names a block the document does not have (and no pending op creates). */
  'unknown_block',
  /** An explicit dependency never arrived. */
  'missing_dependency',
  /** The op is well-formed but not allowed by the rules (moving a root, wrong replica …). */
  'invalid_op',
  'permission_denied',
  /** HLC-3: the op's stamp is too far ahead of the server's clock. */
  'clock_drift',
  'rate_limited',
  /** An agent exceeded its operation budget for the triggering user op. */
  'agent_budget',
  /** An agent's op failed the document's policy validator. */
  'policy_violation',
  /** The document reached a size limit (blocks, text, op log). */
  'document_limit',
] as const
export type RejectCode = (typeof REJECT_CODES)[number]

/** Codes of the server's `error` message. */
export const SERVER_ERROR_CODES = [
  /** "please reload": the client speaks another protocol version. */
  'unsupported_version',
  /** A frame from the client failed to decode; `message` says why. */
  'protocol_error',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'overloaded',
  /** The same client opened a newer session on this document. */
  'session_replaced',
  /** The server is shutting down or handing the document to another node. */
  'going_away',
  'internal',
] as const
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number]

export interface UserInfo {
  readonly id: UserId
  readonly name: string
  readonly color: Color
  readonly kind: UserKind
}

// ───────────────────────────── client → server ─────────────────────────────

/** Opens a session on a document. Resent on every reconnect. */
export interface HelloMessage {
  readonly type: 'hello'
  /** Must equal the frame's version (`PROTOCOL_VERSION`). */
  readonly protocol: number
  readonly docId: string
  /** Auth token from the app's auth endpoint; absent in dev mode. */
  readonly token?: string
  /** The client's replica id (uint32): the HLC replica of its ops and its Yjs client id. */
  readonly replica: number
  /** The last document sequence this client saw, to resume from it after a reconnect. */
  readonly lastSeq?: Seq
  /** How many unacknowledged ops the client will re-send (they keep their ids and HLCs). */
  readonly outbox?: number
  readonly presence?: PropValue
  /** SDK name and version, for the server's logs (`@markdownsync/sdk@0.1.0`). */
  readonly client?: string
}

/** Durable ops, each in its envelope, in the order the client made them. */
export interface ClientOpsMessage {
  readonly type: 'ops'
  readonly envelopes: readonly Envelope[]
}

/** A `viewport_change`: the blocks the client shows now (replaces the previous set). */
export interface ViewportMessage {
  readonly type: 'viewport'
  readonly blocks: readonly BlockId[]
}

/** A `cursor_move`: caret (and selection head) as encoded Yjs relative positions. */
export interface CursorMessage {
  readonly type: 'cursor'
  readonly block: BlockId
  readonly anchor: Uint8Array
  readonly head?: Uint8Array
}

/** The client's cursor left every block (blur, or the block scrolled away). */
export interface CursorClearMessage {
  readonly type: 'cursor_clear'
}

/** The session's whole presence (app-defined JSON, bounded); the server sends diffs. */
export interface PresenceMessage {
  readonly type: 'presence'
  readonly data: PropValue
}

/** What the client already has of a partition, so the server sends only what changed. */
export interface CatchUpPartitionRequest {
  readonly partition: PartitionId
  /** The document sequence up to which the client had this partition; 0 for nothing. */
  readonly sinceSeq: Seq
  /** Yjs state vectors of blocks the client holds, for state-vector diffs of their text. */
  readonly stateVectors?: readonly BlockStateVector[]
}

export interface BlockStateVector {
  readonly block: BlockId
  readonly sv: Uint8Array
}

export interface CatchUpRequestMessage {
  readonly type: 'catch_up_request'
  readonly partitions: readonly CatchUpPartitionRequest[]
}

/** A custom ephemeral broadcast to the other sessions of the document. */
export interface ClientEventMessage {
  readonly type: 'event'
  readonly data: PropValue
}

export interface PingMessage {
  readonly type: 'ping'
  /** The client's clock in ms, echoed in `pong` to measure round trips. */
  readonly t: number
}

export type ClientMessage =
  | HelloMessage
  | ClientOpsMessage
  | ViewportMessage
  | CursorMessage
  | CursorClearMessage
  | PresenceMessage
  | CatchUpRequestMessage
  | ClientEventMessage
  | PingMessage

export type ClientMessageType = ClientMessage['type']

// ───────────────────────────── server → client ─────────────────────────────

export interface WelcomeMessage {
  readonly type: 'welcome'
  readonly protocol: number
  readonly session: SessionId
  /** The replica id the session's new ops must carry (the one from `hello` unless taken). */
  readonly replica: number
  readonly user: UserInfo
  readonly permissions: readonly Permission[]
  /** The document's sequence now. */
  readonly seq: Seq
  readonly partitionMapVersion: number
  /** The server's clock in ms, so the client can warn about a skewed clock (HLC-3). */
  readonly serverTime: number
  /** True when the ops after `hello.lastSeq` follow; false when the client must catch up. */
  readonly resumed: boolean
  /** How often the client should ping, in ms. */
  readonly heartbeatMs: number
}

export interface SequencedEnvelope {
  /** The op's place in the document's gapless sequence. */
  readonly seq: Seq
  readonly envelope: Envelope
}

/** Durable ops of the partitions the session is subscribed to, in sequence order. */
export interface ServerOpsMessage {
  readonly type: 'ops'
  readonly entries: readonly SequencedEnvelope[]
}

export interface OpAck {
  readonly opId: OpId
  readonly seq: Seq
}

/** The author's ops are durable (their batch committed); a re-sent duplicate gets its old seq. */
export interface AckMessage {
  readonly type: 'ack'
  readonly acks: readonly OpAck[]
}

export interface RejectMessage {
  readonly type: 'reject'
  readonly opId: OpId
  readonly code: RejectCode
  /** Human-readable, shown to the user. */
  readonly reason: string
}

export interface OutlineHeading {
  readonly block: BlockId
  /** 1–6, as in Markdown. */
  readonly level: number
  readonly text: string
}

export interface OutlinePartition {
  readonly id: PartitionId
  readonly firstBlock: BlockId
  readonly blockCount: number
  /** The last sequence that changed this partition: a cached copy at this seq is current. */
  readonly seq: Seq
  readonly headings: readonly OutlineHeading[]
}

/** The cheap shape of the whole document: sizes a virtualized list without its content. */
export interface OutlineMessage {
  readonly type: 'outline'
  readonly partitionMapVersion: number
  readonly seq: Seq
  readonly partitions: readonly OutlinePartition[]
}

/** The partitions whose ops the session now receives (sent after each `viewport`). */
export interface SubscribedMessage {
  readonly type: 'subscribed'
  readonly partitionMapVersion: number
  readonly partitions: readonly PartitionId[]
}

/** A property register: its value and the id (stamp) of the op that wrote it (PROP-1). */
export interface PropRegister {
  readonly key: string
  readonly value: PropValue
  readonly stamp: OpId
}

export interface CatchUpBlock {
  readonly id: BlockId
  readonly parent: BlockId
  readonly key: string
  /** The block's move register (MOVE-2): the `prev` its next move must name. */
  readonly lastMove: OpId | null
  readonly type: BlockType
  readonly typeStamp: OpId
  readonly props: readonly PropRegister[]
  /** The block's text as a Yjs update: a diff against the sent state vector, or the whole. */
  readonly text?: Uint8Array
}

export type CatchUpContent =
  | { readonly kind: 'blocks'; readonly blocks: readonly CatchUpBlock[] }
  | { readonly kind: 'snapshot'; readonly snapshot: Uint8Array }

/**
 * What changed in a partition between `fromSeq` and `toSeq`. A big partition comes in several
 * messages; the last has `done`. Ops after `toSeq` follow as ordinary `ops`.
 */
export interface CatchUpMessage {
  readonly type: 'catch_up'
  readonly partition: PartitionId
  readonly fromSeq: Seq
  readonly toSeq: Seq
  readonly content: CatchUpContent
  readonly done: boolean
}

export interface PresenceJoin {
  readonly session: SessionId
  readonly user: UserInfo
  readonly presence: PropValue
}

export interface PresenceUpdate {
  readonly session: SessionId
  readonly presence: PropValue
}

/** Changes to who is here since the last diff (the first diff lists everyone as joined). */
export interface PresenceDiffMessage {
  readonly type: 'presence_diff'
  readonly joined: readonly PresenceJoin[]
  readonly updated: readonly PresenceUpdate[]
  readonly left: readonly SessionId[]
}

export interface RemoteCursor {
  readonly session: SessionId
  readonly block: BlockId
  readonly anchor: Uint8Array
  readonly head?: Uint8Array
}

/** More than ten cursors in one block travel as a count and their colours. */
export interface CursorCluster {
  readonly block: BlockId
  readonly count: number
  readonly colors: readonly Color[]
}

/** Cursor changes in one partition since the last batch (sent at 10 Hz to its subscribers). */
export interface CursorBatchMessage {
  readonly type: 'cursor_batch'
  readonly partition: PartitionId
  readonly cursors: readonly RemoteCursor[]
  readonly clusters: readonly CursorCluster[]
  /** Sessions whose cursor left this partition. */
  readonly removed: readonly SessionId[]
}

export interface ServerEventMessage {
  readonly type: 'event'
  readonly session: SessionId
  readonly user: UserId
  readonly data: PropValue
}

export interface ErrorMessage {
  readonly type: 'error'
  readonly code: ServerErrorCode
  readonly message: string
  /** The server closes the connection after a fatal error. */
  readonly fatal: boolean
  readonly retryAfterMs?: number
}

export interface PongMessage {
  readonly type: 'pong'
  readonly t: number
  readonly serverTime: number
}

/**
 * The session fell behind on durable ops and the server dropped what it had queued for these
 * partitions after `seq`, rather than let its memory grow: the client must catch them up.
 */
export interface LaggingMessage {
  readonly type: 'lagging'
  readonly seq: Seq
  readonly partitions: readonly PartitionId[]
}

export type ServerMessage =
  | WelcomeMessage
  | ServerOpsMessage
  | AckMessage
  | RejectMessage
  | OutlineMessage
  | SubscribedMessage
  | CatchUpMessage
  | PresenceDiffMessage
  | CursorBatchMessage
  | ServerEventMessage
  | ErrorMessage
  | PongMessage
  | LaggingMessage

export type ServerMessageType = ServerMessage['type']
