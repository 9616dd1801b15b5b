/**
 * What the simulator needs from a replica: the public surface of `DocumentReplica`
 * (src/replica/replica.ts), written structurally so the harness states exactly what it drives
 * and the compiler tells us when the replica's contract moves.
 */
import type { BlockId } from '../../src/ids.js'
import type { Envelope, OpId, PropValue } from '../../src/ops.js'
import type { CanonicalDoc } from './canonical.js'

export interface ReplicaOptions {
  readonly replica: number
  readonly user: string
  readonly session: string
  readonly now: () => number
  readonly random: () => number
}

export interface ApplyResult {
  readonly applied: number
  readonly duplicates: number
  readonly buffered: number
  /** Ops this replica authored while applying (MERGE-2 rescues); also sent to onLocalOp. */
  readonly generated: readonly Envelope[]
  readonly rejected: ReadonlyArray<{ readonly id: OpId; readonly code: string }>
}

export interface Placement {
  readonly parent: BlockId
  /** null: first child; undefined: last child. */
  readonly after?: BlockId | null
}

export interface SimReplica {
  insertBlock(
    args: Placement & {
      type: string
      props?: Record<string, PropValue>
      text?: string
      /** The new block's id; by default a fresh random one (a chosen id allows CREATE-1 tests). */
      id?: BlockId
    },
  ): Envelope
  deleteBlock(id: BlockId): Envelope
  moveBlock(id: BlockId, to: Placement): Envelope
  splitBlock(id: BlockId, offset: number): Envelope
  mergeBlocks(into: BlockId, from: BlockId): Envelope
  insertText(
    id: BlockId,
    index: number,
    text: string,
    attributes?: Record<string, unknown>,
  ): Envelope
  deleteText(id: BlockId, index: number, length: number): Envelope
  formatText(
    id: BlockId,
    index: number,
    length: number,
    attributes: Record<string, unknown>,
  ): Envelope
  setProperty(id: BlockId, key: string, value: PropValue): Envelope
  onLocalOp(listener: (env: Envelope) => void): () => void
  apply(envelopes: readonly Envelope[]): ApplyResult
  toCanonical(): CanonicalDoc
  checkInvariants(): string[]
  children(id: BlockId): readonly BlockId[]
  parent(id: BlockId): BlockId | undefined
  isLive(id: BlockId): boolean
  text(id: BlockId): string
  /** Ops waiting for a block or dep that has not arrived (CREATE-2), when the replica says. */
  readonly bufferedCount?: number
  encodeSnapshot(): Uint8Array
  truncateLog(stable: OpId): void
}

export interface ReplicaFactory {
  create(options: ReplicaOptions): SimReplica
  fromSnapshot(bytes: Uint8Array, options: ReplicaOptions): SimReplica
}
