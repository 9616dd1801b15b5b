/**
 * Driving our `MoveTree` the way an editor does: ops stamped by a hybrid logical clock, keys
 * from `positionBetween` with the neighbours' keys, `prev` from the block's move register.
 * Nothing here materialises a children list: a slot's neighbours come from `neighbourKeys`.
 */
import {
  type BlockId,
  type HlcClock,
  hlcToString,
  MoveTree,
  newBlockId,
  type OpId,
  positionBetween,
  ROOT_ID,
  type TreeOp,
  tick,
} from '@markdownsync/core'
import type { MoveScript } from './move-script.js'
import { seededRandom } from './random.js'
import { type DocumentShape, ROOT } from './shape.js'

export const blockIds = (count: number, seed: number): BlockId[] => {
  const random = seededRandom(seed)
  return Array.from({ length: count }, () => newBlockId(random))
}

/** The creations that build `shape`, each block appended under its parent. */
export const creationOps = (
  shape: DocumentShape,
  ids: readonly BlockId[],
  clock: HlcClock,
  random: () => number,
): TreeOp[] => {
  const lastKey = new Map<number, string>()
  const ops: TreeOp[] = []
  for (let i = 0; i < shape.size; i++) {
    const parent = shape.parents[i]!
    const key = positionBetween(lastKey.get(parent) ?? null, null, random)
    lastKey.set(parent, key)
    const parentId = parent === ROOT ? ROOT_ID : ids[parent]!
    ops.push({
      id: hlcToString(tick(clock)),
      moves: [{ block: ids[i]!, parent: parentId, key, prev: null, create: true }],
    })
  }
  return ops
}

export const treeFrom = (ops: readonly TreeOp[]): MoveTree => {
  const tree = new MoveTree()
  for (const op of ops) tree.apply(op)
  return tree
}

/** The op for move `i` of the script, as its author computes it on `tree`. */
export const scriptedMove = (
  tree: MoveTree,
  ids: readonly BlockId[],
  script: MoveScript,
  i: number,
  clock: HlcClock,
  random: () => number,
): TreeOp => {
  const block = ids[script.blocks[i]!]!
  const target = script.parents[i]!
  return slotMove(
    tree,
    block,
    target === ROOT ? ROOT_ID : ids[target]!,
    script.indices[i]!,
    hlcToString(tick(clock)),
    random,
  )
}

/** The op that puts `block` at slot `index` among `parent`'s other children. */
export const slotMove = (
  tree: MoveTree,
  block: BlockId,
  parent: BlockId,
  index: number,
  id: OpId,
  random: () => number,
): TreeOp => {
  const [before, after] = tree.neighbourKeys(parent, index, block)
  return {
    id,
    moves: [
      { block, parent, key: positionBetween(before, after, random), prev: tree.registerOf(block) },
    ],
  }
}

/** Parent and sibling index of every block, to compare two trees' shapes. */
export const shapeOf = (tree: MoveTree, ids: readonly BlockId[]): string[] =>
  ids.map((id) => {
    const parent = tree.parentOf(id)!
    return `${parent}/${tree.childrenOf(parent).indexOf(id)}`
  })
