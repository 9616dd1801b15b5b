/**
 * What a client rebuilds from the presence messages: pure functions over immutable maps, the
 * reference the SDK copies. The server's tests prove that a client applying every message it
 * receives ends with exactly the server's current view.
 *
 * Cursor batch rules (CURSOR-1…4, see presence-server.ts for the server's side):
 * - CURSOR-1 a batch is a diff for one partition: `removed` sessions lose their cursor, then each
 *   of `cursors` replaces its session's cursor, then each of `clusters` replaces its block's
 *   cluster, and a cluster with `count: 0` deletes it. A session never appears in both
 *   `removed` and `cursors` of one batch, so the order of those two steps does not matter.
 * - CURSOR-2 a client keeps the state of the partitions it sees; when it stops seeing one it
 *   drops that partition's state (`dropPartition`), and on seeing it again it starts from the
 *   snapshot batch the server sends then.
 * - The client's own session is in the batches too (one encoding for every subscriber); the
 *   renderer skips it, this state keeps it.
 *
 * Presence diff rule (PRESENCE-1): `left` sessions go, then `joined` ones are (re)set, then
 * `updated` ones change presence; the first diff a session gets lists everyone as joined.
 */
import type { BlockId } from '../ids.js'
import type { PropValue } from '../ops.js'
import type {
  CursorBatchMessage,
  CursorCluster,
  PartitionId,
  PresenceDiffMessage,
  RemoteCursor,
  SessionId,
  UserInfo,
} from '../protocol/messages.js'

export interface PartitionCursorView {
  /** Cursors shown one by one, by session. */
  readonly cursors: ReadonlyMap<SessionId, RemoteCursor>
  /** Blocks whose cursors are shown as a count and colours. */
  readonly clusters: ReadonlyMap<BlockId, CursorCluster>
}

export type CursorState = ReadonlyMap<PartitionId, PartitionCursorView>

export interface PresenceEntry {
  readonly user: UserInfo
  readonly presence: PropValue
}

export type PresenceState = ReadonlyMap<SessionId, PresenceEntry>

export const EMPTY_PARTITION_VIEW: PartitionCursorView = { cursors: new Map(), clusters: new Map() }

export const applyCursorBatch = (state: CursorState, batch: CursorBatchMessage): CursorState => {
  const before = state.get(batch.partition) ?? EMPTY_PARTITION_VIEW
  const cursors = new Map(before.cursors)
  const clusters = new Map(before.clusters)
  for (const session of batch.removed) cursors.delete(session)
  for (const cursor of batch.cursors) cursors.set(cursor.session, cursor)
  for (const cluster of batch.clusters) {
    if (cluster.count === 0) clusters.delete(cluster.block)
    else clusters.set(cluster.block, cluster)
  }
  const next = new Map(state)
  if (cursors.size === 0 && clusters.size === 0) next.delete(batch.partition)
  else next.set(batch.partition, { cursors, clusters })
  return next
}

export const dropPartition = (state: CursorState, partition: PartitionId): CursorState => {
  if (!state.has(partition)) return state
  const next = new Map(state)
  next.delete(partition)
  return next
}

export const applyPresenceDiff = (
  state: PresenceState,
  diff: PresenceDiffMessage,
): PresenceState => {
  const next = new Map(state)
  for (const session of diff.left) next.delete(session)
  for (const { session, user, presence } of diff.joined) next.set(session, { user, presence })
  for (const { session, presence } of diff.updated) {
    const entry = next.get(session)
    if (entry !== undefined) next.set(session, { user: entry.user, presence })
  }
  return next
}
