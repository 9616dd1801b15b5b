/**
 * The outline: the cheap shape of the whole document that every session gets — partitions
 * with their sizes, the last seq that changed each, and their headings — so a virtualized
 * list can size its scrollbar and show a table of contents without any content subscription.
 */
import {
  type DocumentReplica,
  type OutlineHeading,
  type OutlineMessage,
  type PartitionId,
  PROTOCOL_LIMITS,
} from '@markdownsync/core'
import type { PartitionMap } from './partition-map.js'

const clip = (text: string, maxBytes: number): string => {
  if (Buffer.byteLength(text) <= maxBytes) return text
  let out = text.slice(0, maxBytes)
  while (Buffer.byteLength(out) > maxBytes) out = out.slice(0, -1)
  return out
}

export const buildOutline = (
  replica: DocumentReplica,
  map: PartitionMap,
  seq: number,
  partitionSeq: ReadonlyMap<PartitionId, number>,
): OutlineMessage => ({
  type: 'outline',
  partitionMapVersion: map.version,
  seq,
  partitions: map.partitions.slice(0, PROTOCOL_LIMITS.maxOutlinePartitions).map((p) => {
    const headings: OutlineHeading[] = []
    for (const block of p.top) {
      if (headings.length >= PROTOCOL_LIMITS.maxHeadingsPerPartition) break
      if (replica.type(block) !== 'heading') continue
      const level = replica.property(block, 'level')
      headings.push({
        block,
        level: typeof level === 'number' && level >= 1 && level <= 6 ? level : 1,
        text: clip(replica.text(block), PROTOCOL_LIMITS.maxHeadingTextBytes),
      })
    }
    return {
      id: p.id,
      firstBlock: p.top[0]!,
      blockCount: p.size,
      seq: partitionSeq.get(p.id) ?? 0,
      headings,
    }
  }),
})
