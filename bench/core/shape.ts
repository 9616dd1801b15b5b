/**
 * The starting document of the tree workloads, as plain data both trees are built from: block
 * `i`'s parent is `parents[i]` (-1: the document root), and blocks are listed in document order,
 * so appending each under its parent builds the same tree in ours and in Loro.
 *
 * Its shape follows a real Markdown document: mostly top-level paragraphs and headings, with
 * lists whose items sometimes hold a nested list, so nothing is more than 3 levels deep.
 */
import { randomInt, seededRandom } from './random.js'

export const ROOT = -1

export interface DocumentShape {
  readonly size: number
  readonly parents: Int32Array
}

export const documentShape = (size: number, seed: number): DocumentShape => {
  const random = seededRandom(seed)
  const parents = new Int32Array(size)
  let n = 0
  const add = (parent: number): number => {
    parents[n] = parent
    return n++
  }
  while (n < size) {
    if (random() < 0.93 || n > size - 3) {
      add(ROOT)
      continue
    }
    const list = add(ROOT)
    const items = 2 + randomInt(random, 5)
    for (let i = 0; i < items && n < size; i++) {
      const item = add(list)
      if (random() < 0.25) {
        const nested = 1 + randomInt(random, 3)
        for (let j = 0; j < nested && n < size; j++) add(item)
      }
    }
  }
  return { size, parents }
}

/** Blocks directly under the document root. */
export const topLevelBlocks = (shape: DocumentShape): number[] => {
  const out: number[] = []
  for (let i = 0; i < shape.size; i++) if (shape.parents[i] === ROOT) out.push(i)
  return out
}
