/**
 * The cursors of one partition: where they are now, what its subscribers were last sent, and
 * the diff between the two.
 *
 * Cluster rules (the client side is in client-state.ts):
 * - CLUSTER-1 a block holding more than `maxPerBlock` cursors is shown as one cluster
 *   `{ block, count, colors }` instead of its cursors: `count` is its number of cursors
 *   (sessions), `colors` the distinct colours of their users in the order their cursors
 *   arrived in the block, at most `maxColors`. Positions inside a cluster are not sent, so a
 *   cursor moving within a clustered block costs no traffic.
 * - CLUSTER-2 when a block becomes a cluster, the batch lists its previously sent cursors in
 *   `removed` and carries the cluster.
 * - CLUSTER-3 while a block stays a cluster, the cluster is sent again only when its count or
 *   colours change.
 * - CLUSTER-4 when a block drops back to `maxPerBlock` cursors or fewer, the batch carries the
 *   cluster with `count: 0` (delete it) and every cursor of the block individually; a block
 *   that empties while clustered gets only the `count: 0` cluster.
 *
 * Invariants:
 * - every placed cursor is in exactly one block's member map, and `located` indexes them all;
 * - after `takeChanges`, `published` / `publishedClusters` equal the truth (what `view` shows):
 *   they are what every subscriber holds, and the next diff is taken against them;
 * - the pending diff is the sets of sessions and blocks touched since then, never a queue.
 */
import type {
  BlockId,
  Color,
  CursorCluster,
  PartitionCursorView,
  PartitionId,
  RemoteCursor,
  SessionId,
} from '@markdownsync/core'

export interface PlacedCursor {
  readonly session: SessionId
  readonly partition: PartitionId
  readonly block: BlockId
  readonly anchor: Uint8Array
  readonly head: Uint8Array | undefined
  /** The user's colour, for clusters. */
  readonly color: Color
}

/** The lists of a `cursor_batch`. */
export interface CursorChanges {
  readonly cursors: readonly RemoteCursor[]
  readonly clusters: readonly CursorCluster[]
  readonly removed: readonly SessionId[]
}

export class PartitionCursors {
  private readonly blocks = new Map<BlockId, Map<SessionId, PlacedCursor>>()
  private readonly located = new Map<SessionId, PlacedCursor>()
  private readonly published = new Map<SessionId, PlacedCursor>()
  private readonly publishedClusters = new Map<BlockId, CursorCluster>()
  private readonly dirtySessions = new Set<SessionId>()
  private readonly dirtyBlocks = new Set<BlockId>()
  /** The encoded published state, shared by every session subscribing before the next batch. */
  snapshotFrames: readonly Uint8Array[] | undefined

  constructor(
    readonly id: PartitionId,
    private readonly maxPerBlock: number,
    private readonly maxColors: number,
  ) {}

  /** Nothing placed, nothing published: the partition can be forgotten. */
  get isEmpty(): boolean {
    return this.located.size === 0 && this.published.size === 0 && this.publishedClusters.size === 0
  }

  *blocksWithCursors(): Iterable<[BlockId, Iterable<PlacedCursor>]> {
    for (const [block, members] of this.blocks) yield [block, members.values()]
  }

  put(cursor: PlacedCursor): void {
    const previous = this.located.get(cursor.session)
    if (previous !== undefined && previous.block !== cursor.block) this.delete(cursor.session)
    let members = this.blocks.get(cursor.block)
    if (members === undefined) {
      members = new Map()
      this.blocks.set(cursor.block, members)
    }
    // a move inside the block keeps the member's place, so the cluster's colours stay put
    if (!members.has(cursor.session)) this.dirtyBlocks.add(cursor.block)
    members.set(cursor.session, cursor)
    this.located.set(cursor.session, cursor)
    this.dirtySessions.add(cursor.session)
  }

  delete(session: SessionId): void {
    const cursor = this.located.get(session)
    if (cursor === undefined) return
    this.located.delete(session)
    const members = this.blocks.get(cursor.block)!
    members.delete(session)
    if (members.size === 0) this.blocks.delete(cursor.block)
    this.dirtyBlocks.add(cursor.block)
    this.dirtySessions.add(session)
  }

  /** The diff from the published state to the truth, which becomes the published state. */
  takeChanges(): CursorChanges {
    const cursors: RemoteCursor[] = []
    const clusters: CursorCluster[] = []
    const removed: SessionId[] = []
    const candidates = this.dirtySessions
    for (const block of this.dirtyBlocks) {
      const members = this.blocks.get(block)
      const sent = this.publishedClusters.get(block)
      if (members !== undefined && members.size > this.maxPerBlock) {
        const cluster = this.clusterOf(block, members)
        if (sent === undefined || !sameCluster(sent, cluster)) {
          clusters.push(cluster)
          this.publishedClusters.set(block, cluster)
        }
        // CLUSTER-2: the block's individually sent cursors must go
        if (sent === undefined) for (const session of members.keys()) candidates.add(session)
      } else if (sent !== undefined) {
        clusters.push({ block, count: 0, colors: [] })
        this.publishedClusters.delete(block)
        // CLUSTER-4: the block's cursors must come back one by one
        if (members !== undefined) for (const session of members.keys()) candidates.add(session)
      }
    }
    for (const session of candidates) {
      const shown = this.shown(session)
      const sent = this.published.get(session)
      if (shown === undefined) {
        if (sent === undefined) continue
        removed.push(session)
        this.published.delete(session)
      } else if (sent === undefined || !sameCursor(sent, shown)) {
        cursors.push(toRemote(shown))
        this.published.set(session, shown)
      }
    }
    this.dirtySessions.clear()
    this.dirtyBlocks.clear()
    if (cursors.length + clusters.length + removed.length > 0) this.snapshotFrames = undefined
    return { cursors, clusters, removed }
  }

  /** What every subscriber holds now: the snapshot for a session that starts seeing it. */
  publishedState(): CursorChanges {
    return {
      cursors: [...this.published.values()].map(toRemote),
      clusters: [...this.publishedClusters.values()],
      removed: [],
    }
  }

  /** The truth: what every subscriber will hold after the next batch. */
  view(): PartitionCursorView {
    const cursors = new Map<SessionId, RemoteCursor>()
    const clusters = new Map<BlockId, CursorCluster>()
    for (const [block, members] of this.blocks) {
      if (members.size > this.maxPerBlock) clusters.set(block, this.clusterOf(block, members))
      else for (const cursor of members.values()) cursors.set(cursor.session, toRemote(cursor))
    }
    return { cursors, clusters }
  }

  /** The session's cursor as subscribers see it: undefined when absent or inside a cluster. */
  private shown(session: SessionId): PlacedCursor | undefined {
    const cursor = this.located.get(session)
    if (cursor === undefined) return undefined
    return this.blocks.get(cursor.block)!.size > this.maxPerBlock ? undefined : cursor
  }

  private clusterOf(block: BlockId, members: ReadonlyMap<SessionId, PlacedCursor>): CursorCluster {
    const colors = new Set<Color>()
    for (const cursor of members.values()) {
      if (colors.size >= this.maxColors) break
      colors.add(cursor.color)
    }
    return { block, count: members.size, colors: [...colors] }
  }
}

const toRemote = (c: PlacedCursor): RemoteCursor =>
  c.head === undefined
    ? { session: c.session, block: c.block, anchor: c.anchor }
    : { session: c.session, block: c.block, anchor: c.anchor, head: c.head }

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean => {
  if (a === b) return true
  if (a === undefined || b === undefined || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const sameCursor = (a: PlacedCursor, b: PlacedCursor): boolean =>
  a === b || (a.block === b.block && sameBytes(a.anchor, b.anchor) && sameBytes(a.head, b.head))

const sameCluster = (a: CursorCluster, b: CursorCluster): boolean =>
  a.count === b.count &&
  a.colors.length === b.colors.length &&
  a.colors.every((color, i) => color === b.colors[i])
