/**
 * @markdownsync/core — the pure, I/O-free heart of MarkdownSync, shared by the SDK and the
 * server: clocks (L0), properties (L1), text (L2), the block tree (L3), operations, the
 * document replica and the wire protocol.
 */
export * from './delivery.js'
export * from './hlc.js'
export * from './ids.js'
export * from './markdown/index.js'
export * from './ops.js'
export * from './position.js'
export * from './presence/client-state.js'
export * from './protocol/index.js'
export {
  buildCanonical,
  type CanonicalBlock,
  type CanonicalDoc,
  type CanonicalSource,
} from './replica/canonical.js'
export { encodeRelativePosition } from './replica/relative-position.js'
export {
  type ApplyResult,
  type ChangeEvent,
  DocumentReplica,
  type InsertBlockArgs,
  type Placement,
  type Rejection,
  type RejectionCode,
  type ReplicaOptions,
  type SnapshotOptions,
} from './replica/replica.js'
export { SNAPSHOT_FORMAT, SnapshotError } from './replica/snapshot.js'
export { TEXT_NAME, type TextRun } from './replica/texts.js'
export { validateEnvelope } from './replica/validation.js'
export { checkTreeInvariants } from './tree/invariants.js'
export {
  MOVE_OUTCOMES,
  type MoveOutcome,
  MoveTree,
  type MoveTreeState,
  type OutcomeChange,
  type TreeMove,
  type TreeOp,
} from './tree/move-tree.js'
