/**
 * The move tree's central promise: whatever the delivery order (one by one, in batches,
 * duplicated), the tree equals the one built by applying every op once in id order.
 * Seeded: a failure prints its seed; `SEED=n pnpm test` replays it.
 */
import { describe, expect, it } from 'vitest'
import { hlcToString } from '../../src/hlc.js'
import { ROOT_ID, TRASH_ID } from '../../src/ids.js'
import { positionBetween } from '../../src/position.js'
import { checkTreeInvariants } from '../../src/tree/invariants.js'
import { MoveTree, type TreeOp } from '../../src/tree/move-tree.js'

const prng = (seed: number) => {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s / 2 ** 32
  }
}

const snapshot = (tree: MoveTree) => {
  const out: string[] = []
  const walk = (id: string, depth: number): void => {
    for (const child of tree.childrenOf(id)) {
      out.push(`${' '.repeat(depth)}${child}@${tree.keyOf(child)}#${tree.registerOf(child)}`)
      walk(child, depth + 1)
    }
  }
  walk(ROOT_ID, 0)
  out.push('--trash--')
  walk(TRASH_ID, 0)
  return out.join('\n')
}

/** Three replicas generate ops concurrently against their own (partial) views. */
const generateOps = (random: () => number, count: number): TreeOp[] => {
  const replicas = [1, 2, 3].map((replica) => ({ replica, tree: new MoveTree(), ms: 1_000 }))
  const ops: TreeOp[] = []
  const blocks: string[] = []
  for (let i = 0; i < count; i++) {
    const r = replicas[Math.floor(random() * replicas.length)]!
    // deliver a random prefix of others' ops so views are partial and concurrent
    for (const op of ops) if (random() < 0.3) r.tree.apply(op)
    r.ms += Math.floor(random() * 3)
    const id = hlcToString({ ms: r.ms, counter: i, replica: r.replica })
    const known = blocks.filter((b) => r.tree.has(b))
    const parents = [ROOT_ID, ROOT_ID, ...known]
    const parent = parents[Math.floor(random() * parents.length)]!
    const n = r.tree.childCount(parent)
    const [before, after] = r.tree.neighbourKeys(parent, Math.floor(random() * (n + 1)))
    const key = positionBetween(before, after, random)
    let op: TreeOp
    if (known.length === 0 || random() < 0.25) {
      const block = `b${i}`
      blocks.push(block)
      op = { id, moves: [{ block, parent, key, prev: null, create: true }] }
    } else {
      const block = known[Math.floor(random() * known.length)]!
      const toTrash = random() < 0.15
      op = {
        id,
        moves: [
          {
            block,
            parent: toTrash ? TRASH_ID : parent,
            key: toTrash ? null : key,
            prev: r.tree.registerOf(block),
          },
        ],
      }
    }
    r.tree.apply(op)
    ops.push(op)
  }
  return ops
}

const shuffle = <T>(items: T[], random: () => number): T[] => {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const seeds = process.env.SEED
  ? [Number(process.env.SEED)]
  : Array.from({ length: 60 }, (_, i) => i + 1)

describe('move tree: any delivery order equals applying in id order', () => {
  it.each(seeds)('seed %i', (seed) => {
    const random = prng(seed)
    const ops = generateOps(random, 120)
    const reference = new MoveTree()
    for (const op of [...ops].sort((a, b) => (a.id < b.id ? -1 : 1))) reference.apply(op)
    const expected = snapshot(reference)

    const oneByOne = new MoveTree()
    for (const op of shuffle([...ops, ...ops.slice(0, 20)], random)) {
      oneByOne.apply(op)
      const problems = checkTreeInvariants(oneByOne)
      expect(problems, `seed ${seed} (replay: SEED=${seed} pnpm test)`).toEqual([])
    }
    expect(snapshot(oneByOne), `seed ${seed}`).toBe(expected)

    const batched = new MoveTree()
    const shuffled = shuffle(ops, random)
    for (let i = 0; i < shuffled.length; ) {
      const size = 1 + Math.floor(random() * 30)
      batched.applyMany([...shuffled.slice(i, i + size), ...shuffled.slice(0, 2)])
      expect(checkTreeInvariants(batched), `seed ${seed}`).toEqual([])
      i += size
    }
    expect(snapshot(batched), `seed ${seed}`).toBe(expected)

    const restored = MoveTree.fromState(structuredClone(batched.exportState()))
    const late = generateOps(prng(seed + 1000), 10).map((op) => ({
      ...op,
      id: `0${op.id.slice(1)}`,
    }))
    expect(snapshot(restored)).toBe(expected)
    for (const tree of [restored, batched]) for (const op of late) tree.apply(op)
    expect(snapshot(restored), `seed ${seed}: restored state behaves like the original`).toBe(
      snapshot(batched),
    )
  })
})

describe('move tree: structure rules', () => {
  const id = (ms: number, replica = 1) => hlcToString({ ms, counter: 0, replica })
  const base = (): MoveTree => {
    const tree = new MoveTree()
    tree.apply({
      id: id(1),
      moves: [{ block: 'a', parent: ROOT_ID, key: 'a0', prev: null, create: true }],
    })
    tree.apply({
      id: id(2),
      moves: [{ block: 'b', parent: ROOT_ID, key: 'a1', prev: null, create: true }],
    })
    tree.apply({
      id: id(3),
      moves: [{ block: 'c', parent: ROOT_ID, key: 'a2', prev: null, create: true }],
    })
    return tree
  }

  it('MOVE-1: a 3-cycle built concurrently is broken by ignoring the latest move', () => {
    const tree = base()
    const ab = { id: id(10, 1), moves: [{ block: 'a', parent: 'b', key: 'a0', prev: id(1) }] }
    const bc = { id: id(10, 2), moves: [{ block: 'b', parent: 'c', key: 'a0', prev: id(2) }] }
    const ca = { id: id(10, 3), moves: [{ block: 'c', parent: 'a', key: 'a0', prev: id(3) }] }
    tree.apply(ca)
    tree.apply(ab)
    expect(tree.apply(bc)).toEqual(['applied'])
    expect(tree.outcomesOf(ca.id)).toEqual(['cycle'])
    expect(checkTreeInvariants(tree)).toEqual([])
  })

  it('MOVE-2: of two concurrent moves of one block, the lower HLC wins and the other is reported', () => {
    const tree = base()
    const early = { id: id(10, 2), moves: [{ block: 'a', parent: 'b', key: 'a0', prev: id(1) }] }
    const late = { id: id(11, 1), moves: [{ block: 'a', parent: 'c', key: 'a0', prev: id(1) }] }
    tree.apply(late)
    tree.takeOutcomeChanges()
    tree.apply(early)
    expect(tree.parentOf('a')).toBe('b')
    expect(tree.takeOutcomeChanges()).toEqual([
      { id: late.id, index: 0, block: 'a', outcome: 'concurrent_move' },
    ])
  })

  it('MOVE-3: delete keeps the key, so a restore can put the block back in place', () => {
    const tree = base()
    tree.apply({ id: id(10), moves: [{ block: 'b', parent: TRASH_ID, key: null, prev: id(2) }] })
    expect(tree.keyOf('b')).toBe('a1')
    tree.apply({ id: id(11), moves: [{ block: 'b', parent: ROOT_ID, key: 'a1', prev: id(10) }] })
    expect(tree.childrenOf(ROOT_ID)).toEqual(['a', 'b', 'c'])
  })

  it('CREATE-1: the lowest-stamped creation of an id wins, later ones are duplicates', () => {
    const tree = base()
    const second = {
      id: id(20, 2),
      moves: [{ block: 'x', parent: 'a', key: 'a0', prev: null, create: true }],
    }
    const first = {
      id: id(19, 1),
      moves: [{ block: 'x', parent: 'b', key: 'a0', prev: null, create: true }],
    }
    tree.apply(second)
    tree.apply(first)
    expect(tree.parentOf('x')).toBe('b')
    expect(tree.outcomesOf(second.id)).toEqual(['duplicate_block'])
  })

  it('truncation at a stable point drops the log and refuses ops older than it', () => {
    const tree = base()
    expect(tree.truncate(id(2))).toBe(2)
    expect(tree.logLength).toBe(1)
    expect(
      tree.apply({
        id: id(1, 5),
        moves: [{ block: 'y', parent: ROOT_ID, key: 'a9', prev: null, create: true }],
      }),
    ).toBeUndefined()
    expect(tree.has('y')).toBe(false)
  })
})
