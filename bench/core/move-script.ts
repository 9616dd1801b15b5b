/**
 * The moves of the local-move and merge workloads, generated before anything is timed, so both
 * trees replay the same script. A move is (block, parent, index): "put the block at slot
 * `index` among `parent`'s other children" — what a drop in an editor's outline amounts to.
 * Three kinds are drawn: next to a random block (its parent, the slot just before or after it),
 * and into a random block as first or last child. Ours turns the slot into a key with
 * `neighbourKeys` + `positionBetween`; Loro takes it as `move(parent, index)`.
 *
 * The generator keeps a model of the parent links and child counts (enough to know each slot,
 * not the order) so the document keeps a real shape: no block ends deeper than 3 levels, and a
 * small share of moves deliberately put a block under itself or its own descendant, which both
 * trees must refuse (MOVE-1 for ours, Loro's cyclic-move error). The model predicts how many.
 */
import { randomInt, seededRandom } from './random.js'
import { type DocumentShape, ROOT } from './shape.js'

export interface MoveScript {
  readonly length: number
  readonly blocks: Int32Array
  /** The new parent of each move: a block, or ROOT (-1) for the document root. */
  readonly parents: Int32Array
  /** The slot among the parent's children, counted without the moving block. */
  readonly indices: Int32Array
  /** 1 where the model expects the move to be refused as cycle-forming. */
  readonly cycleMoves: Uint8Array
  readonly expectedCycles: number
  /** Deepest nesting at the end (top-level blocks are at depth 1), and the mean depth. */
  readonly maxDepth: number
  readonly meanDepth: number
  /** Share of blocks at the top level at the end. */
  readonly topLevelShare: number
}

export interface MoveMix {
  /** Share of moves into a block as its first or last child. */
  readonly intoBlock: number
  /** Share of moves that try to put a block under itself or a descendant. */
  readonly cycle: number
}

export const DEFAULT_MIX: MoveMix = { intoBlock: 0.02, cycle: 0.02 }
const MAX_DEPTH = 3

class ParentModel {
  readonly parents: Int32Array
  readonly children: Set<number>[]
  rootCount = 0

  constructor(shape: DocumentShape) {
    this.parents = Int32Array.from(shape.parents)
    this.children = Array.from({ length: shape.size }, () => new Set<number>())
    for (let i = 0; i < shape.size; i++) {
      const parent = shape.parents[i]!
      if (parent === ROOT) this.rootCount++
      else this.children[parent]!.add(i)
    }
  }

  childCount(parent: number): number {
    return parent === ROOT ? this.rootCount : this.children[parent]!.size
  }

  depth(block: number): number {
    let depth = 0
    for (let at = block; at !== ROOT; at = this.parents[at]!) depth++
    return depth
  }

  height(block: number): number {
    let height = 0
    for (const child of this.children[block]!) height = Math.max(height, 1 + this.height(child))
    return height
  }

  /** Whether `block` is `ancestor` or below it. */
  isWithin(block: number, ancestor: number): boolean {
    for (let at = block; at !== ROOT; at = this.parents[at]!) if (at === ancestor) return true
    return false
  }

  subtree(block: number, out: number[] = []): number[] {
    out.push(block)
    for (const child of this.children[block]!) this.subtree(child, out)
    return out
  }

  move(block: number, parent: number): void {
    const old = this.parents[block]!
    if (old === ROOT) this.rootCount--
    else this.children[old]!.delete(block)
    if (parent === ROOT) this.rootCount++
    else this.children[parent]!.add(block)
    this.parents[block] = parent
  }
}

export const generateMoves = (
  shape: DocumentShape,
  count: number,
  seed: number,
  mix: MoveMix = DEFAULT_MIX,
): MoveScript => {
  const random = seededRandom(seed)
  const model = new ParentModel(shape)
  const blocks = new Int32Array(count)
  const parents = new Int32Array(count)
  const indices = new Int32Array(count)
  const cycleMoves = new Uint8Array(count)
  let expectedCycles = 0
  /** Slots of `parent` once `block` has left it: its other children + 1. */
  const slots = (block: number, parent: number): number =>
    model.childCount(parent) - (model.parents[block] === parent ? 1 : 0) + 1
  for (let i = 0; i < count; i++) {
    const block = randomInt(random, shape.size)
    const height = model.height(block)
    const roll = random()
    const last = random() < 0.5
    blocks[i] = block
    if (roll < mix.cycle) {
      const inside = model.subtree(block)
      parents[i] = inside[randomInt(random, inside.length)]!
      indices[i] = 0
      cycleMoves[i] = 1
      expectedCycles++
      continue
    }
    let parent = ROOT
    let index = -1
    for (let attempt = 0; attempt < 8 && index < 0; attempt++) {
      const target = randomInt(random, shape.size)
      if (model.isWithin(target, block)) continue
      if (roll < mix.cycle + mix.intoBlock) {
        if (model.depth(target) + 1 + height > MAX_DEPTH) continue
        parent = target
        index = last ? slots(block, parent) - 1 : 0
      } else {
        if (model.depth(target) + height > MAX_DEPTH) continue
        // the slot just before or after a uniformly drawn sibling: uniform over the slots
        parent = model.parents[target]!
        index = randomInt(random, slots(block, parent))
      }
    }
    if (index < 0) {
      parent = ROOT
      index = randomInt(random, slots(block, ROOT))
    }
    parents[i] = parent
    indices[i] = index
    model.move(block, parent)
  }
  let maxDepth = 0
  let totalDepth = 0
  for (let b = 0; b < shape.size; b++) {
    const depth = model.depth(b)
    maxDepth = Math.max(maxDepth, depth)
    totalDepth += depth
  }
  return {
    length: count,
    blocks,
    parents,
    indices,
    cycleMoves,
    expectedCycles,
    maxDepth,
    meanDepth: totalDepth / shape.size,
    topLevelShare: model.rootCount / shape.size,
  }
}
