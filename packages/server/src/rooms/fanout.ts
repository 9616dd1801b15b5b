/**
 * Fan-out of sequenced ops by the DELIVERY rules (core/delivery.ts): each op is encoded at most
 * twice — whole, and without content — and each session's share of a tick is picked from those
 * shared bytes, in sequence order. Blocks that move into a partition a session sees from one it
 * does not see are followed by their catch-up, since that session never had their content.
 */
import {
  type BlockId,
  type DeliveryClass,
  type Envelope,
  encodeServerMessage,
  type PartitionId,
  type SequencedEnvelope,
  withoutContent,
} from '@markdownsync/core'

/** A block whose partition an op changed. */
export interface Relocation {
  readonly block: BlockId
  readonly from: PartitionId | undefined
  readonly to: PartitionId
}

export interface FanoutEntry {
  readonly seq: number
  readonly envelope: Envelope
  readonly delivery: DeliveryClass
  /**
   * Partitions the op touched, before and after it applied; widened at fanout when a re-cut
   * retired one of them in between (see `DocumentRoom.currentPartitions`).
   */
  partitions: readonly PartitionId[]
  readonly relocations: readonly Relocation[]
  full?: Uint8Array
  stripped?: Uint8Array
}

const frameOf = (entry: SequencedEnvelope): Uint8Array =>
  encodeServerMessage({ type: 'ops', entries: [entry] })

export const fullFrame = (entry: FanoutEntry): Uint8Array => {
  entry.full ??= frameOf({ seq: entry.seq, envelope: entry.envelope })
  return entry.full
}

const strippedFrame = (entry: FanoutEntry): Uint8Array => {
  if (entry.stripped === undefined) {
    const stripped = withoutContent(entry.envelope)
    entry.stripped =
      stripped === entry.envelope
        ? fullFrame(entry)
        : frameOf({ seq: entry.seq, envelope: stripped })
  }
  return entry.stripped
}

/**
 * The frames a session gets of `entries` (seqs above `after`), given the partitions it sees;
 * `null` for `sees` means it sees everything.
 */
export const framesFor = (
  entries: readonly FanoutEntry[],
  after: number,
  sees: ReadonlySet<PartitionId> | null,
): Uint8Array[] => {
  const frames: Uint8Array[] = []
  for (const entry of entries) {
    if (entry.seq <= after) continue
    const visible = sees === null || entry.partitions.some((p) => sees.has(p))
    if (entry.delivery === 'content') {
      if (visible) frames.push(fullFrame(entry))
    } else frames.push(visible ? fullFrame(entry) : strippedFrame(entry))
  }
  return frames
}

/**
 * One tick's frames for every session: sessions that are up to date and see the same
 * partitions get the same frames, so they are picked once per distinct set of partitions, not
 * once per session (1,000 sessions over a few dozen partitions share a few dozen lists).
 */
export class TickFrames {
  private readonly bySees = new Map<string, Uint8Array[]>()
  /** The seq a session that has everything before this tick's entries is at. */
  private readonly upToDate: number

  constructor(private readonly entries: readonly FanoutEntry[]) {
    this.upToDate = (entries[0]?.seq ?? 1) - 1
  }

  /** `framesFor(entries, syncedSeq, sees)`, shared between sessions where it is the same. */
  for(syncedSeq: number, sees: ReadonlySet<PartitionId>): Uint8Array[] {
    if (syncedSeq !== this.upToDate) return framesFor(this.entries, syncedSeq, sees)
    const key = sees.size === 1 ? sees.values().next().value! : [...sees].sort().join(' ')
    let frames = this.bySees.get(key)
    if (frames === undefined) {
      frames = framesFor(this.entries, syncedSeq, sees)
      this.bySees.set(key, frames)
    }
    return frames
  }
}
