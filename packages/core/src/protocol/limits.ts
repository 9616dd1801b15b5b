/**
 * Every bound the decoders enforce. A decoder checks each declared length or count against
 * its limit *and* against the bytes that remain before it allocates or loops, so a frame can
 * never make a peer allocate more than a small multiple of the frame's own size.
 *
 * Callers may pass a partial override to the decoders (a server may allow bigger frames to
 * trusted peers, a test may shrink limits). Limit *values* are deployment policy and are not
 * part of the schema hash; their *names* are.
 */
import { POSITION_MAX_LENGTH } from '../position.js'

export const PROTOCOL_LIMITS = {
  /** Bytes in one WebSocket frame (or one stored envelope). */
  maxFrameBytes: 1_048_576,
  /** Messages in one frame (a server flushes what a session queued as one frame per tick). */
  maxMessagesPerFrame: 256,
  /** Envelopes in a client `ops` message; entries in a server `ops` message. */
  maxOpsPerBatch: 500,
  /** Entries in one `ack`. */
  maxAcksPerMessage: 1_000,
  /** Explicit `deps` of one envelope. */
  maxDepsPerEnvelope: 32,
  /** Children moved by one `merge_blocks`. */
  maxMergeChildren: 5_000,
  /** Properties written by one `insert_block` / `split_block`, or held by one caught-up block. */
  maxPropsPerOp: 64,
  /** Bytes of one Yjs update (text of an op, or of a caught-up block). */
  maxYjsUpdateBytes: 262_144,
  /** Structs declared in one Yjs update, over all its clients. */
  maxYjsStructs: 65_536,
  /** Delete-set ranges declared in one Yjs update, over all its clients. */
  maxYjsDeleteRanges: 65_536,
  /** Clients in one Yjs update's struct section, delete set or state vector. */
  maxYjsClients: 4_096,
  /** Bytes of one Yjs state vector. */
  maxStateVectorBytes: 65_536,
  /** Bytes of one encoded Yjs relative position (a cursor's anchor or head). */
  maxRelativePositionBytes: 128,
  /** Bytes of one partition snapshot in `catch_up`. */
  maxSnapshotBytes: 1_048_576,
  /** UTF-8 bytes of ids: document, user, session, agent, block, partition. */
  maxIdBytes: 128,
  /** UTF-8 bytes of the auth token in `hello`. */
  maxTokenBytes: 8_192,
  /** UTF-8 bytes of a user's display name. */
  maxUserNameBytes: 128,
  /** UTF-8 bytes of a property key (a register of a block). */
  maxPropKeyBytes: 64,
  /** UTF-8 bytes of a key inside an object property value. */
  maxObjectKeyBytes: 256,
  /** UTF-8 bytes of a fractional position key. */
  maxPositionKeyBytes: POSITION_MAX_LENGTH,
  /** UTF-8 bytes of a reason or error message text. */
  maxReasonBytes: 1_024,
  /** UTF-8 bytes of a heading's text in the outline. */
  maxHeadingTextBytes: 256,
  /** Nesting of arrays and objects in a property value (a top-level object is depth 1). */
  maxPropDepth: 8,
  /** Values (scalars and containers) in one property value. */
  maxPropNodes: 1_024,
  /** Encoded bytes of one property value in an op. */
  maxPropValueBytes: 65_536,
  /** Encoded bytes of one session's presence. */
  maxPresenceBytes: 4_096,
  /** Encoded bytes of one custom event's data. */
  maxEventBytes: 16_384,
  /** Blocks in one `viewport` message. */
  maxViewportBlocks: 2_000,
  /** Cursors in one `cursor_batch`. */
  maxCursorsPerBatch: 1_000,
  /** Clusters in one `cursor_batch`. */
  maxClustersPerBatch: 1_000,
  /** Colours listed for one cursor cluster. */
  maxColorsPerCluster: 16,
  /** Partitions named in `subscribed` or `lagging`. */
  maxPartitionsPerMessage: 1_024,
  /** Partitions in one `outline`. */
  maxOutlinePartitions: 10_000,
  /** Headings listed for one partition of the outline. */
  maxHeadingsPerPartition: 256,
  /** Partitions asked for in one `catch_up_request`. */
  maxCatchUpPartitions: 64,
  /** Blocks in one `catch_up` message, or state vectors for one partition in a request. */
  maxBlocksPerPartition: 1_000,
  /** Sessions listed in each of a `presence_diff`'s joined / updated / left lists. */
  maxPresenceEntries: 2_000,
} as const

export type LimitName = keyof typeof PROTOCOL_LIMITS
export type ProtocolLimits = { readonly [K in LimitName]: number }
export type LimitOverrides = Partial<ProtocolLimits>

export const resolveLimits = (overrides?: LimitOverrides): ProtocolLimits =>
  overrides === undefined ? PROTOCOL_LIMITS : { ...PROTOCOL_LIMITS, ...overrides }
