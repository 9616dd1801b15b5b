/**
 * MERGE-2: after a merge by another replica, text this replica typed into the merged block
 * concurrently is still visible there (the merge's Yjs delete only covered what its author
 * had seen). This module decides what to move so nothing typed concurrently is lost: the
 * merged block back next to the merge target, and blocks this replica put under it
 * concurrently into the target. The replica carries the moves out as ordinary local moves.
 */
import { hlcFromString } from '../hlc.js'
import { type BlockId, ROOT_ID, TRASH_ID } from '../ids.js'
import type { OpId } from '../ops.js'
import type { MoveTree } from '../tree/move-tree.js'
import type { TextStore } from './texts.js'

export interface MergeRecord {
  readonly into: BlockId
  readonly from: BlockId
}

export interface RestoreMove {
  readonly block: BlockId
  readonly parent: BlockId
  /** Place right after this sibling; undefined: last child. */
  readonly after?: BlockId
}

export interface MergeRestoreContext {
  readonly tree: MoveTree
  readonly texts: TextStore
  readonly merges: ReadonlyMap<OpId, MergeRecord>
  /** This replica's id, which is also its Yjs client id. */
  readonly replica: number
}

/** The moves that restore what this replica put into a block merged away by `mergeId`. */
export const restoreMoves = (context: MergeRestoreContext, mergeId: OpId): RestoreMove[] => {
  const { tree, texts, merges, replica } = context
  const merge = merges.get(mergeId)
  if (merge === undefined) return []
  const { into, from } = merge
  // only while the merge is what put `from` in the trash (a later move may have restored it)
  if (tree.registerOf(from) !== mergeId || tree.parentOf(from) !== TRASH_ID) return []
  const mine = (block: BlockId): boolean => {
    const register = tree.registerOf(block)
    return register !== null && hlcFromString(register)?.replica === replica
  }
  const children = tree.childrenOf(from).filter(mine)
  const typed = texts.hasVisibleTextBy(from, replica)
  if (children.length === 0 && !typed) return []
  const target = liveMergeTarget(context, into)
  // `into` is gone too: bring `from` back at the end of the document, children and all
  if (target === undefined) return [{ block: from, parent: ROOT_ID }]
  const moves: RestoreMove[] = children.map((child) => ({ block: child, parent: target }))
  if (typed) moves.push({ block: from, parent: tree.parentOf(target) ?? ROOT_ID, after: target })
  return moves
}

/** `into`, or what it was itself merged into (transitively), if that is live. */
const liveMergeTarget = (context: MergeRestoreContext, into: BlockId): BlockId | undefined => {
  const { tree, merges } = context
  const visited = new Set<BlockId>()
  let target = into
  while (tree.rootOf(target) !== ROOT_ID) {
    if (visited.has(target)) return undefined
    visited.add(target)
    const register = tree.registerOf(target)
    const merge = register === null ? undefined : merges.get(register)
    if (merge === undefined || merge.from !== target) return undefined
    target = merge.into
  }
  return target
}
