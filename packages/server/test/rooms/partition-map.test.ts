import { type BlockId, DocumentReplica, ROOT_ID } from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import { PartitionMap } from '../../src/rooms/partition-map.js'

/**
 * Four sections of a heading and three paragraphs; with at most 10 blocks per partition the
 * map cuts them into two partitions of two sections each.
 */
const setup = () => {
  const doc = new DocumentReplica({ replica: 1 })
  const sections: BlockId[][] = []
  for (let s = 0; s < 4; s++) {
    const blocks = [doc.insertBlock({ parent: ROOT_ID, type: 'heading', text: `S${s}` }).op.block]
    for (let i = 0; i < 3; i++)
      blocks.push(
        doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: `${s}.${i}` }).op.block,
      )
    sections.push(blocks)
  }
  const map = new PartitionMap(doc, { minBlocks: 4, maxBlocks: 10 })
  map.update()
  const ids = map.partitions.map((p) => p.id)
  return { doc, map, sections, ids }
}

describe('partition ids', () => {
  it('PART-1: the map starts with two partitions of two sections', () => {
    const { map, sections, ids } = setup()
    expect(ids).toHaveLength(2)
    expect(map.partitionOf(sections[1]![3]!)).toBe(ids[0])
    expect(map.partitionOf(sections[2]![0]!)).toBe(ids[1])
  })

  it('PART-2: a block inserted into a partition keeps its id (the insert op carries its content)', () => {
    const { doc, map, sections, ids } = setup()
    const inserted = doc.insertBlock({
      parent: ROOT_ID,
      after: sections[2]![1]!,
      type: 'paragraph',
    })
    map.update()
    expect(map.partitions.map((p) => p.id)).toEqual(ids)
    expect(map.partitionOf(inserted.op.block)).toBe(ids[1])
  })

  it('PART-2, DELIVERY-3: a partition that takes over blocks because their cut was deleted gets a new id', () => {
    // deleting the heading that starts the second partition leaves its paragraphs to the first,
    // whose subscribers never had their content: they must see a new id and catch up
    const { doc, map, sections, ids } = setup()
    doc.deleteBlock(sections[2]![0]!)
    map.update()
    expect(ids).not.toContain(map.partitionOf(sections[2]![1]!))
  })

  it('PART-2, DELIVERY-3: … also when the blocks fit and the partition keeps its first block', () => {
    // sections of 5, 5, 5, 5 and 2 blocks with at most 14 per partition: [10][10][2]; without
    // the last heading the second partition holds 11, from the same first block
    const doc = new DocumentReplica({ replica: 1 })
    const last: BlockId[] = []
    for (const size of [5, 5, 5, 5, 2])
      for (let i = 0; i < size; i++) {
        const type = i === 0 ? 'heading' : 'paragraph'
        const block = doc.insertBlock({ parent: ROOT_ID, type }).op.block
        if (size === 2) last.push(block)
      }
    const map = new PartitionMap(doc, { minBlocks: 4, maxBlocks: 14 })
    map.update()
    expect(map.partitions.map((p) => p.size)).toEqual([10, 10, 2])
    const ids = map.partitions.map((p) => p.id)
    doc.deleteBlock(last[0]!)
    map.update()
    expect(map.partitions.map((p) => p.size)).toEqual([10, 11])
    expect(ids).not.toContain(map.partitionOf(last[1]!))
  })

  it('PART-2: a top-level block an op moved into a partition keeps its id (relocation catch-up follows)', () => {
    const { doc, map, sections, ids } = setup()
    const moved = sections[3]![2]!
    doc.moveBlock(moved, { parent: ROOT_ID, after: sections[0]![1]! })
    map.update(new Set([moved]))
    expect(map.partitions.map((p) => p.id)).toEqual(ids)
    expect(map.partitionOf(moved)).toBe(ids[0])
  })

  it('PART-2, DELIVERY-3: a top-level block that changed partition without an op moving it brings a new id', () => {
    // an undo/redo side effect of a late op: no relocation follows, so the subscribers catch up
    const { doc, map, sections, ids } = setup()
    doc.moveBlock(sections[3]![2]!, { parent: ROOT_ID, after: sections[0]![1]! })
    map.update()
    expect(ids).not.toContain(map.partitionOf(sections[3]![2]!))
    // the partition it left lost a block and took over none: its subscribers have everything
    expect(map.partitionOf(sections[3]![1]!)).toBe(ids[1])
  })

  it('PART-1: a long section without headings is cut at the target size, and inserts do not move the cut', () => {
    const doc = new DocumentReplica({ replica: 1 })
    const blocks: BlockId[] = []
    for (let i = 0; i < 12; i++)
      blocks.push(doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: `${i}` }).op.block)
    const map = new PartitionMap(doc, { minBlocks: 4, maxBlocks: 10 })
    map.update()
    expect(map.partitions.map((p) => p.size)).toEqual([7, 5])
    const ids = map.partitions.map((p) => p.id)
    for (let i = 0; i < 3; i++) {
      doc.insertBlock({ parent: ROOT_ID, after: blocks[5]!, type: 'paragraph' })
      map.update()
    }
    expect(map.partitions.map((p) => p.id)).toEqual(ids)
    expect(map.partitions.map((p) => p.size)).toEqual([10, 5])
  })
})
