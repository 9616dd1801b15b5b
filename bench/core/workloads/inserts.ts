/**
 * Workload 3, inserts: 20,000 new blocks, each at a random index among the document root's
 * children (index chosen from the same seeded draws on both trees). Ours: a fresh block id, a
 * key between the neighbours' keys, a creation op. Loro: `createNode(undefined, index)`.
 */
import {
  createClock,
  hlcToString,
  MoveTree,
  newBlockId,
  positionBetween,
  ROOT_ID,
  tick,
} from '@markdownsync/core'
import type { LoroTreeNode } from 'loro-crdt'
import { freeLoro, newLoroDoc } from '../loro.js'
import { perSecond, repeatTogether, type Summary } from '../measure.js'
import { seededRandom } from '../random.js'
import type { Row } from '../report.js'
import type { Settings } from '../settings.js'

const indexDraws = (count: number, seed: number): Uint32Array => {
  const random = seededRandom(seed)
  return Uint32Array.from({ length: count }, (_, k) => Math.floor(random() * (k + 1)))
}

const runOurs = (draws: Uint32Array, seed: number): { ms: number; order: number[] } => {
  const tree = new MoveTree()
  const clock = createClock(1)
  const random = seededRandom(seed)
  const created: string[] = []
  const start = performance.now()
  for (let k = 0; k < draws.length; k++) {
    const block = newBlockId(random)
    const [before, after] = tree.neighbourKeys(ROOT_ID, draws[k]!)
    const key = positionBetween(before, after, random)
    tree.apply({
      id: hlcToString(tick(clock)),
      moves: [{ block, parent: ROOT_ID, key, prev: null, create: true }],
    })
    created.push(block)
  }
  const ms = performance.now() - start
  const rank = new Map(created.map((id, k) => [id, k]))
  return { ms, order: tree.childrenOf(ROOT_ID).map((id) => rank.get(id)!) }
}

const runLoro = (
  draws: Uint32Array,
  commitEach: boolean,
  withOrder = false,
): { ms: number; order: number[] } => {
  const { doc, tree } = newLoroDoc(1n)
  const nodes: LoroTreeNode[] = []
  const start = performance.now()
  for (let k = 0; k < draws.length; k++) {
    nodes.push(tree.createNode(undefined, draws[k]!))
    if (commitEach) doc.commit()
  }
  doc.commit()
  const ms = performance.now() - start
  let order: number[] = []
  if (withOrder) {
    const rank = new Map(nodes.map((node, k) => [node.id, k]))
    const roots = tree.roots()
    order = roots.map((node) => rank.get(node.id)!)
    for (const node of roots) node.free()
  }
  freeLoro({ doc, tree, nodes })
  return { ms, order }
}

export const inserts = (settings: Settings): Row => {
  const draws = indexDraws(settings.inserts, settings.seed + 20)
  let sameOrder = true
  const { ours, loroEach, loroBatch } = repeatTogether(settings.repetitions, {
    ours: (r) => {
      const run = runOurs(draws, settings.seed + 21)
      if (r === 0) {
        const loro = runLoro(draws, false, true)
        sameOrder = run.order.every((k, i) => loro.order[i] === k)
      }
      return { value: perSecond(draws.length, run.ms) }
    },
    loroEach: () => ({ value: perSecond(draws.length, runLoro(draws, true).ms) }),
    loroBatch: () => ({ value: perSecond(draws.length, runLoro(draws, false).ms) }),
  })
  const loro: Summary = loroEach.median >= loroBatch.median ? loroEach : loroBatch
  return {
    id: 'inserts',
    label: 'inserts at random positions',
    unit: 'blocks/s',
    better: 'higher',
    ours: { ...ours, facts: { blocks: draws.length } },
    loro: {
      ...loro,
      facts: {
        blocks: draws.length,
        commitPerInsert: loroEach.median,
        oneCommit: loroBatch.median,
        compared: loro === loroEach ? 'commit per insert' : 'one commit',
      },
    },
    notes: [`both trees end with the blocks in the same order: ${sameOrder}`],
  }
}
