/**
 * The tree invariants of move-tree.ts, as a check the simulator runs after every apply.
 * Returns a description of each violation; empty when the tree is sound.
 */

import { type BlockId, ROOT_ID, TRASH_ID } from '../ids.js'
import { compareSiblings } from '../position.js'
import type { MoveTree } from './move-tree.js'

export const checkTreeInvariants = (tree: MoveTree): string[] => {
  const problems: string[] = []
  const seen = new Set<BlockId>()
  for (const block of tree.blocks()) {
    // one parent each, and no cycles: the parent chain ends at a root within `size` steps
    let at: BlockId | undefined = block
    let steps = 0
    while (at !== undefined && at !== ROOT_ID && at !== TRASH_ID && steps <= tree.size) {
      at = tree.parentOf(at)
      steps++
    }
    if (at !== ROOT_ID && at !== TRASH_ID)
      problems.push(`${block}: parent chain does not reach a root`)
    const parent = tree.parentOf(block)!
    if (!tree.childrenOf(parent).includes(block))
      problems.push(`${block}: missing from children of ${parent}`)
  }
  for (const parent of [ROOT_ID, TRASH_ID, ...tree.blocks()]) {
    const children = tree.childrenOf(parent)
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!
      if (seen.has(child)) problems.push(`${child}: listed under two parents`)
      seen.add(child)
      if (tree.parentOf(child) !== parent)
        problems.push(`${child}: listed under ${parent} but its parent is ${tree.parentOf(child)}`)
      const next = children[i + 1]
      if (
        next !== undefined &&
        compareSiblings(tree.keyOf(child)!, child, tree.keyOf(next)!, next) >= 0
      ) {
        problems.push(`${parent}: children ${child} and ${next} out of order`)
      }
    }
  }
  if (seen.size !== tree.size)
    problems.push(`children index lists ${seen.size} blocks, tree has ${tree.size}`)
  return problems
}
