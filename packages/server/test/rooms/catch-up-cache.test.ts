/**
 * The catch-up cache (catch-up-cache.ts) on a real replica: what it shares, what it computes
 * per session, what it forgets. Its agreement with fresh content under random ops of every
 * kind is the property test next to this file.
 */
import { type BlockId, DocumentReplica, ROOT_ID } from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import { catchUpBlock, catchUpFrames, freshCatchUps } from '../../src/rooms/catch-up.js'
import { CatchUpCache } from '../../src/rooms/catch-up-cache.js'

const documentOf = (n: number): { replica: DocumentReplica; blocks: BlockId[] } => {
  const replica = new DocumentReplica({ replica: 1 })
  const blocks: BlockId[] = []
  for (let i = 0; i < n; i++)
    blocks.push(
      replica.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: `block ${i} text` }).op.block,
    )
  return { replica, blocks }
}

describe('catch-up cache', () => {
  it('gives every session the same content of an unchanged block, computed once', () => {
    const { replica, blocks } = documentOf(3)
    const cache = new CatchUpCache(replica)
    const first = cache.block(blocks[1]!)
    expect(cache.block(blocks[1]!)).toBe(first)
  })

  it('recomputes a block an op changed and keeps the others', () => {
    const { replica, blocks } = documentOf(3)
    const cache = new CatchUpCache(replica)
    const before = blocks.map((b) => cache.block(b))
    replica.insertText(blocks[0]!, 0, 'new ')
    const after = blocks.map((b) => cache.block(b))
    expect([after[0] === before[0], after[1] === before[1], after[0]]).toEqual([
      false,
      true,
      catchUpBlock(replica, blocks[0]!),
    ])
  })

  it('answers a state vector with a diff of its own, and an empty one from the cache', () => {
    const { replica, blocks } = documentOf(1)
    const block = blocks[0]!
    const peer = DocumentReplica.fromSnapshot(replica.encodeSnapshot(), { replica: 2 })
    replica.insertText(block, 0, 'later ')
    const cache = new CatchUpCache(replica)
    const diff = cache.block(block, peer.textStateVector(block))
    const whole = cache.block(block, new Uint8Array([0]))
    expect([diff, cache.has(block), whole]).toEqual([
      catchUpBlock(replica, block, peer.textStateVector(block)),
      true,
      catchUpBlock(replica, block),
    ])
  })

  it('drops the entries of a deleted block and of its descendants', () => {
    const { replica, blocks } = documentOf(2)
    const child = replica.insertBlock({ parent: blocks[0]!, type: 'paragraph', text: 'child' }).op
      .block
    const cache = new CatchUpCache(replica)
    for (const b of [...blocks, child]) cache.block(b)
    replica.deleteBlock(blocks[0]!)
    expect([cache.has(blocks[0]!), cache.has(child), cache.has(blocks[1]!)]).toEqual([
      false,
      false,
      true,
    ])
  })

  it('stays within its byte budget by evicting the oldest entries', () => {
    const { replica, blocks } = documentOf(20)
    const cache = new CatchUpCache(replica, 2_000)
    for (const b of blocks) cache.block(b)
    expect([cache.bytes <= 2_000, cache.has(blocks[0]!), cache.has(blocks[19]!)]).toEqual([
      true,
      false,
      true,
    ])
  })

  it('makes the same catch_up frames as content computed afresh', () => {
    const { replica, blocks } = documentOf(40)
    const cache = new CatchUpCache(replica)
    const frames = (source: Parameters<typeof catchUpFrames>[0]) =>
      catchUpFrames(source, 'p1', blocks, { fromSeq: 0, toSeq: 7 })
    frames(cache)
    replica.setProperty(blocks[3]!, 'checked', true)
    replica.moveBlock(blocks[5]!, { parent: ROOT_ID, after: blocks[30]! })
    replica.deleteText(blocks[9]!, 0, 3)
    expect(frames(cache)).toEqual(frames(freshCatchUps(replica)))
  })
})
