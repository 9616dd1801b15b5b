/**
 * The semantic operations, built from text and structure: split (SPLIT-1) and merge (MERGE-1).
 * Each is one op with one stamp, so it applies atomically; its Yjs updates are made here
 * against the local replica's documents, which they also change (the optimistic apply).
 */
import * as Y from 'yjs'
import type { BlockId } from '../ids.js'
import type { ChildMove, MergeBlocksOp, OpId, SplitBlockOp } from '../ops.js'
import { insertRuns, sliceRuns, type TextStore } from './texts.js'

export const buildSplit = (
  texts: TextStore,
  block: BlockId,
  offset: number,
  place: { newBlock: BlockId; parent: BlockId; key: string; blockType: string },
): SplitBlockOp => {
  const length = texts.plain(block).length
  const at = Math.max(0, Math.min(offset, length))
  const tail = sliceRuns(texts.delta(block), at)
  // the head keeps the original block (and its id, comments, links); the tail is new
  const headUpdate = texts.edit(block, (t) => t.delete(at, length - at))
  const tailText = texts.edit(place.newBlock, (t) => insertRuns(t, 0, tail))
  return { kind: 'split_block', block, ...place, headUpdate, tailText }
}

export const buildMerge = (
  texts: TextStore,
  into: BlockId,
  from: BlockId,
  prev: OpId | null,
  children: readonly ChildMove[],
): MergeBlocksOp => {
  // what of `from` the author saw: anything typed there concurrently is outside it (MERGE-2)
  const fromStateVector = Y.encodeStateVector(texts.doc(from))
  const runs = texts.delta(from)
  const intoLength = texts.plain(into).length
  const intoUpdate = texts.edit(into, (t) => insertRuns(t, intoLength, runs))
  const fromUpdate = texts.edit(from, (t) => t.delete(0, t.length))
  return {
    kind: 'merge_blocks',
    into,
    from,
    prev,
    intoUpdate,
    fromUpdate,
    fromStateVector,
    children,
  }
}
