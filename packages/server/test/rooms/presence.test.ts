import {
  type CursorBatchMessage,
  decodeServerMessage,
  type PartitionId,
  type PresenceDiffMessage,
  type ServerMessage,
  type UserInfo,
} from '@markdownsync/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  applyCursorBatch,
  applyPresenceDiff,
  type CursorState,
  type PresenceRecipient,
  PresenceServer,
  type PresenceState,
  type PresenceWorld,
} from '../../src/rooms/presence/index.js'

class Client implements PresenceRecipient {
  readonly frames: Uint8Array[] = []
  constructor(readonly id: string) {}
  sendEphemeral(frame: Uint8Array): void {
    this.frames.push(frame)
  }
  sendPresence(frame: Uint8Array): void {
    this.frames.push(frame)
  }
  /** The messages received since the last call. */
  take(): ServerMessage[] {
    const messages = this.frames.map((frame) => {
      const decoded = decodeServerMessage(frame)
      if (!decoded.ok) throw new Error(decoded.error.message)
      return decoded.value
    })
    this.frames.length = 0
    return messages
  }
  batches(): CursorBatchMessage[] {
    return this.take().filter((m): m is CursorBatchMessage => m.type === 'cursor_batch')
  }
  diffs(): PresenceDiffMessage[] {
    return this.take().filter((m): m is PresenceDiffMessage => m.type === 'presence_diff')
  }
}

class World implements PresenceWorld {
  readonly homes = new Map<string, PartitionId>()
  readonly subscriptions = new Map<PartitionId, Set<Client>>()
  constructor(homes: Record<string, PartitionId>) {
    for (const [block, partition] of Object.entries(homes)) this.homes.set(block, partition)
  }
  subscribersOf(partition: PartitionId): Iterable<PresenceRecipient> {
    return this.subscriptions.get(partition) ?? []
  }
  partitionOf(block: string): PartitionId | undefined {
    return this.homes.get(block)
  }
  subscribe(client: Client, ...partitions: PartitionId[]): void {
    for (const p of partitions) {
      const set = this.subscriptions.get(p) ?? new Set()
      set.add(client)
      this.subscriptions.set(p, set)
    }
  }
}

const colorOf = (i: number): string => `#${(i * 40_503).toString(16).padStart(6, '0').slice(-6)}`
const userOf = (id: string, color = '#336699'): UserInfo => ({
  id,
  name: id,
  color,
  kind: 'human',
})
/** A valid Yjs relative position ("at the end of the root type named `name`"). */
const at = (name: string): Uint8Array => {
  const utf8 = new TextEncoder().encode(name)
  return Uint8Array.of(1, utf8.length, ...utf8)
}

/** A room with blocks a, b (partition p1) and c (partition p2). */
const setup = (options: ConstructorParameters<typeof PresenceServer>[1] = {}) => {
  const world = new World({ a: 'p1', b: 'p1', c: 'p2' })
  const server = new PresenceServer(world, options)
  const clients: Client[] = []
  const joinClient = (id: string, color?: string, ...partitions: PartitionId[]): Client => {
    const client = new Client(id)
    server.join(client, userOf(id, color), { name: id })
    world.subscribe(client, ...partitions)
    clients.push(client)
    return client
  }
  return { world, server, joinClient, clients }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('cursor batches', () => {
  it('many moves of a cursor within one interval make one batch with the last position', () => {
    const { server, joinClient } = setup()
    const viewer = joinClient('v', undefined, 'p1')
    joinClient('w')
    for (let i = 0; i < 5; i++) server.moveCursor('w', 'a', at(`pos${i}`))
    server.flushCursors()
    expect(viewer.batches()).toEqual([
      {
        type: 'cursor_batch',
        partition: 'p1',
        cursors: [{ session: 'w', block: 'a', anchor: at('pos4') }],
        clusters: [],
        removed: [],
      },
    ])
  })

  it('a partition gets at most one batch per 100 ms (10 Hz) under continuous moves', () => {
    vi.useFakeTimers()
    const { server, joinClient } = setup()
    const viewer = joinClient('v', undefined, 'p1')
    joinClient('w')
    server.start()
    for (let ms = 0; ms < 1_000; ms += 5) {
      server.moveCursor('w', 'a', at(`pos${ms}`))
      vi.advanceTimersByTime(5)
    }
    server.stop()
    expect(viewer.batches()).toHaveLength(10)
  })

  it('the batch carries the head of a selection', () => {
    const { server, joinClient } = setup()
    const viewer = joinClient('v', undefined, 'p1')
    joinClient('w')
    server.moveCursor('w', 'a', at('from'), at('to'))
    server.flushCursors()
    expect(viewer.batches()[0]?.cursors).toEqual([
      { session: 'w', block: 'a', anchor: at('from'), head: at('to') },
    ])
  })

  it('nothing is sent when no cursor changed, nor for a move to the same position', () => {
    const { server, joinClient } = setup()
    const viewer = joinClient('v', undefined, 'p1')
    joinClient('w')
    server.moveCursor('w', 'a', at('x'))
    server.flushCursors()
    viewer.take()
    server.flushCursors()
    server.moveCursor('w', 'a', at('x'))
    server.flushCursors()
    expect(viewer.frames).toHaveLength(0)
  })

  it('only the subscribers of the partition receive its batch', () => {
    const { server, joinClient } = setup()
    const onP1 = joinClient('v1', undefined, 'p1')
    const onP2 = joinClient('v2', undefined, 'p2')
    server.moveCursor('v2', 'b', at('x'))
    server.flushCursors()
    expect([onP1.batches().length, onP2.batches().length]).toEqual([1, 0])
  })

  it("the author's own cursor is in the batch it receives (one encoding for every subscriber)", () => {
    const { server, joinClient } = setup()
    const author = joinClient('w', undefined, 'p1')
    server.moveCursor('w', 'a', at('x'))
    server.flushCursors()
    expect(author.batches()[0]?.cursors.map((c) => c.session)).toEqual(['w'])
  })

  it('a batch is encoded once: every subscriber gets the same Uint8Array instance', () => {
    const { server, joinClient, clients } = setup()
    for (let i = 0; i < 5; i++) joinClient(`v${i}`, undefined, 'p1')
    server.moveCursor('v0', 'a', at('x'))
    server.flushCursors()
    const frames = clients.map((c) => c.frames[0])
    expect(new Set(frames).size).toBe(1)
    expect(server.stats.batchesSent).toBe(1)
  })

  it('a cursor moving to another partition is removed from the old one and appears in the new', () => {
    const { server, joinClient } = setup()
    const onP1 = joinClient('v1', undefined, 'p1')
    const onP2 = joinClient('v2', undefined, 'p2')
    server.moveCursor('v1', 'a', at('x'))
    server.flushCursors()
    onP1.take()
    server.moveCursor('v1', 'c', at('y'))
    server.flushCursors()
    expect([onP1.batches()[0]?.removed, onP2.batches()[0]?.cursors.map((c) => c.session)]).toEqual([
      ['v1'],
      ['v1'],
    ])
  })

  it('a cursor on a block no partition holds is dropped, and the one sent before removed', () => {
    const { server, joinClient } = setup()
    const viewer = joinClient('v', undefined, 'p1')
    server.moveCursor('v', 'a', at('x'))
    server.flushCursors()
    viewer.take()
    server.moveCursor('v', 'ghost', at('y'))
    server.flushCursors()
    expect(viewer.batches()).toEqual([
      { type: 'cursor_batch', partition: 'p1', cursors: [], clusters: [], removed: ['v'] },
    ])
    expect(server.stats.cursors).toBe(0)
  })

  it('clearCursor removes the cursor in the next batch', () => {
    const { server, joinClient } = setup()
    const viewer = joinClient('v', undefined, 'p1')
    server.moveCursor('v', 'a', at('x'))
    server.flushCursors()
    viewer.take()
    server.clearCursor('v')
    server.flushCursors()
    expect(viewer.batches()[0]?.removed).toEqual(['v'])
  })

  it('partitionsChanged re-homes cursors at the next tick: removed from the old partition, sent in the new', () => {
    const { world, server, joinClient } = setup()
    const onP1 = joinClient('v1', undefined, 'p1')
    const onP2 = joinClient('v2', undefined, 'p2')
    server.moveCursor('v1', 'b', at('x'))
    server.flushCursors()
    onP1.take()
    world.homes.set('b', 'p2')
    server.partitionsChanged()
    server.flushCursors()
    expect([onP1.batches()[0]?.removed, onP2.batches()[0]?.cursors]).toEqual([
      ['v1'],
      [{ session: 'v1', block: 'b', anchor: at('x') }],
    ])
  })

  it('partitionsChanged drops the cursors of a deleted block', () => {
    const { world, server, joinClient } = setup()
    const viewer = joinClient('v', undefined, 'p1')
    server.moveCursor('v', 'b', at('x'))
    server.flushCursors()
    viewer.take()
    world.homes.delete('b')
    server.partitionsChanged()
    server.flushCursors()
    expect([viewer.batches()[0]?.removed, server.stats.cursors]).toEqual([['v'], 0])
  })

  it('a session that starts seeing a partition gets its current cursors at once', () => {
    const { world, server, joinClient } = setup()
    joinClient('w1')
    joinClient('w2')
    server.moveCursor('w1', 'a', at('x'))
    server.moveCursor('w2', 'c', at('y'))
    server.flushCursors()
    const late = joinClient('late')
    world.subscribe(late, 'p1', 'p2')
    server.subscribed(late, ['p1', 'p2'])
    expect(late.batches().map((b) => [b.partition, b.cursors.map((c) => c.session)])).toEqual([
      ['p1', ['w1']],
      ['p2', ['w2']],
    ])
  })

  it('a batch with more cursors than maxCursorsPerBatch is split into several that all decode', () => {
    const { server, joinClient } = setup({ limits: { maxCursorsPerBatch: 3 } })
    const viewer = joinClient('v', undefined, 'p1')
    for (let i = 0; i < 7; i++) {
      joinClient(`w${i}`)
      server.moveCursor(`w${i}`, i % 2 === 0 ? 'a' : 'b', at(`x${i}`))
    }
    server.flushCursors()
    expect(viewer.batches().map((b) => b.cursors.length)).toEqual([3, 3, 1])
  })
})

describe('cursor clusters (CLUSTER-1…4)', () => {
  /** Puts sessions w0…w(n-1) on block a; their colours are distinct. */
  const crowd = (n: number) => {
    const room = setup()
    const viewer = room.joinClient('v', '#000000', 'p1')
    for (let i = 0; i < n; i++) {
      room.joinClient(`w${i}`, colorOf(i + 1))
      room.server.moveCursor(`w${i}`, 'a', at(`x${i}`))
    }
    room.server.flushCursors()
    return { ...room, viewer }
  }

  it('CLUSTER-1: a block with more than 10 cursors is sent as one cluster instead of its cursors', () => {
    const { viewer } = crowd(11)
    expect(viewer.batches()).toEqual([
      {
        type: 'cursor_batch',
        partition: 'p1',
        cursors: [],
        clusters: [
          { block: 'a', count: 11, colors: Array.from({ length: 11 }, (_, i) => colorOf(i + 1)) },
        ],
        removed: [],
      },
    ])
  })

  it('CLUSTER-1: a block with exactly 10 cursors sends them one by one', () => {
    const { viewer } = crowd(10)
    const [batch] = viewer.batches()
    expect([batch?.cursors.length, batch?.clusters]).toEqual([10, []])
  })

  it('CLUSTER-1: cluster colours are the distinct colours of its users, at most 16', () => {
    const { server, joinClient, viewer } = crowd(0)
    for (let i = 0; i < 30; i++) {
      joinClient(`w${i}`, colorOf((i % 20) + 1))
      server.moveCursor(`w${i}`, 'a', at('x'))
    }
    server.flushCursors()
    const colors = viewer.batches()[0]?.clusters[0]?.colors
    expect(colors).toEqual(Array.from({ length: 16 }, (_, i) => colorOf(i + 1)))
  })

  it('CLUSTER-2: when a block becomes a cluster, its cursors sent before are listed in removed', () => {
    const { server, joinClient, viewer } = crowd(10)
    viewer.take()
    joinClient('w10', colorOf(11))
    server.moveCursor('w10', 'a', at('x'))
    server.flushCursors()
    const [batch] = viewer.batches()
    expect([batch?.cursors, [...(batch?.removed ?? [])].sort(), batch?.clusters[0]?.count]).toEqual(
      [[], Array.from({ length: 10 }, (_, i) => `w${i}`).sort(), 11],
    )
  })

  it('CLUSTER-3: a cursor moving inside a cluster sends nothing', () => {
    const { server, viewer } = crowd(12)
    viewer.take()
    server.moveCursor('w3', 'a', at('elsewhere'))
    server.flushCursors()
    expect(viewer.frames).toHaveLength(0)
  })

  it('CLUSTER-3: a cluster whose count changes is sent again', () => {
    const { server, viewer } = crowd(12)
    viewer.take()
    server.clearCursor('w3')
    server.flushCursors()
    expect(viewer.batches()[0]?.clusters.map((c) => c.count)).toEqual([11])
  })

  it('CLUSTER-4: back to 10 cursors, the cluster is cleared with count 0 and the cursors come back', () => {
    const { server, viewer } = crowd(11)
    viewer.take()
    server.moveCursor('w0', 'b', at('x'))
    server.flushCursors()
    const [batch] = viewer.batches()
    expect([batch?.clusters, batch?.cursors.map((c) => c.session).sort(), batch?.removed]).toEqual([
      [{ block: 'a', count: 0, colors: [] }],
      Array.from({ length: 11 }, (_, i) => `w${i}`).sort(),
      [],
    ])
  })

  it('CLUSTER-4: a clustered block that empties gets only the count 0 cluster', () => {
    const { world, server, viewer } = crowd(11)
    viewer.take()
    world.homes.delete('a')
    server.partitionsChanged()
    server.flushCursors()
    expect(viewer.batches()).toEqual([
      {
        type: 'cursor_batch',
        partition: 'p1',
        cursors: [],
        clusters: [{ block: 'a', count: 0, colors: [] }],
        removed: [],
      },
    ])
  })

  it('a session that starts seeing a partition gets its clusters applied', () => {
    const { world, server, joinClient } = crowd(11)
    const late = joinClient('late', '#000000')
    world.subscribe(late, 'p1')
    server.subscribed(late, ['p1'])
    const [batch] = late.batches()
    expect([batch?.cursors, batch?.clusters.map((c) => [c.block, c.count])]).toEqual([
      [],
      [['a', 11]],
    ])
  })

  it('maxCursorsPerBlock sets the threshold', () => {
    const { server, joinClient } = setup({ maxCursorsPerBlock: 2 })
    const viewer = joinClient('v', undefined, 'p1')
    for (const id of ['w0', 'w1', 'w2']) {
      joinClient(id)
      server.moveCursor(id, 'a', at('x'))
    }
    server.flushCursors()
    expect(viewer.batches()[0]?.clusters.map((c) => c.count)).toEqual([3])
  })
})

describe('presence diffs', () => {
  it('the first diff a session gets lists everyone present, itself included, and goes to it alone', () => {
    const { server, joinClient } = setup()
    const first = joinClient('s1')
    server.flushPresence()
    first.take()
    const second = joinClient('s2')
    server.flushPresence()
    expect(second.diffs()).toEqual([
      {
        type: 'presence_diff',
        joined: [
          { session: 's1', user: userOf('s1'), presence: { name: 's1' } },
          { session: 's2', user: userOf('s2'), presence: { name: 's2' } },
        ],
        updated: [],
        left: [],
      },
    ])
  })

  it('joins, updates and leaves reach every joined session as one diff per interval', () => {
    vi.useFakeTimers()
    const { server, joinClient } = setup()
    const s1 = joinClient('s1')
    const s2 = joinClient('s2')
    joinClient('s3')
    server.start()
    vi.advanceTimersByTime(1_000)
    s1.take()
    s2.take()
    server.setPresence('s1', { name: 'one' })
    vi.advanceTimersByTime(300)
    joinClient('s4')
    server.leave('s3')
    vi.advanceTimersByTime(700)
    server.stop()
    const expected = {
      type: 'presence_diff',
      joined: [{ session: 's4', user: userOf('s4'), presence: { name: 's4' } }],
      updated: [{ session: 's1', presence: { name: 'one' } }],
      left: ['s3'],
    }
    expect([s1.diffs(), s2.diffs()]).toEqual([[expected], [expected]])
  })

  it('a diff is encoded once: every session gets the same Uint8Array instance', () => {
    const { server, joinClient, clients } = setup()
    for (let i = 0; i < 4; i++) joinClient(`s${i}`)
    server.flushPresence()
    for (const c of clients) c.take()
    server.setPresence('s0', { name: 'zero' })
    server.flushPresence()
    expect(new Set(clients.map((c) => c.frames[0])).size).toBe(1)
  })

  it('newcomers of one interval share one encoded list of everyone', () => {
    const { server, joinClient, clients } = setup()
    for (let i = 0; i < 3; i++) joinClient(`s${i}`)
    server.flushPresence()
    expect([new Set(clients.map((c) => c.frames[0])).size, server.stats.presenceDiffsSent]).toEqual(
      [1, 1],
    )
  })

  it('several updates of a session within one interval collapse to the last', () => {
    const { server, joinClient } = setup()
    const s1 = joinClient('s1')
    joinClient('s2')
    server.flushPresence()
    s1.take()
    for (let i = 0; i < 5; i++) server.setPresence('s2', { n: i })
    server.flushPresence()
    expect(s1.diffs()[0]?.updated).toEqual([{ session: 's2', presence: { n: 4 } }])
  })

  it('an update right after a join is carried by the join', () => {
    const { server, joinClient } = setup()
    const s1 = joinClient('s1')
    server.flushPresence()
    s1.take()
    joinClient('s2')
    server.setPresence('s2', { n: 1 })
    server.flushPresence()
    const [diff] = s1.diffs()
    expect([diff?.joined.map((j) => j.presence), diff?.updated]).toEqual([[{ n: 1 }], []])
  })

  it('join then leave within one interval tells the others nothing', () => {
    const { server, joinClient } = setup()
    const s1 = joinClient('s1')
    server.flushPresence()
    s1.take()
    joinClient('ghost')
    server.leave('ghost')
    server.flushPresence()
    expect(s1.frames).toHaveLength(0)
  })

  it('nothing is sent when nothing changed', () => {
    const { server, joinClient } = setup()
    const s1 = joinClient('s1')
    server.flushPresence()
    s1.take()
    server.flushPresence()
    expect(s1.frames).toHaveLength(0)
  })

  it('leave sends left in the presence diff and removed in the cursor batch', () => {
    const { server, joinClient } = setup()
    const s1 = joinClient('s1', undefined, 'p1')
    joinClient('s2')
    server.moveCursor('s2', 'a', at('x'))
    server.flushPresence()
    server.flushCursors()
    s1.take()
    server.leave('s2')
    server.flushPresence()
    server.flushCursors()
    const messages = s1.take()
    expect(
      messages.map((m) =>
        m.type === 'presence_diff' ? m.left : m.type === 'cursor_batch' ? m.removed : m,
      ),
    ).toEqual([['s2'], ['s2']])
  })

  it('a session that leaves and joins again within an interval is sent as left then joined', () => {
    const { server, joinClient } = setup()
    const s1 = joinClient('s1')
    joinClient('s2')
    server.flushPresence()
    s1.take()
    server.leave('s2')
    joinClient('s2', '#abcdef')
    server.flushPresence()
    const [diff] = s1.diffs()
    const state = applyPresenceDiff(
      new Map([['s2', { user: userOf('s2'), presence: null }]]),
      diff!,
    )
    expect(state.get('s2')?.user.color).toBe('#abcdef')
  })

  it('a diff with more entries than maxPresenceEntries is split, keeping a rejoin in one message', () => {
    const { server, joinClient } = setup({ limits: { maxPresenceEntries: 2 } })
    const watcher = joinClient('watcher')
    for (let i = 0; i < 4; i++) joinClient(`s${i}`)
    server.flushPresence()
    watcher.take()
    server.leave('s0')
    server.leave('s1')
    joinClient('s1')
    for (let i = 0; i < 3; i++) joinClient(`n${i}`)
    server.flushPresence()
    const diffs = watcher.diffs()
    const state = diffs.reduce(applyPresenceDiff, new Map() as PresenceState)
    expect([diffs.length, [...state.keys()].sort()]).toEqual([2, ['n0', 'n1', 'n2', 's1']])
  })

  it('a diff bigger than maxFrameBytes is split into frames that fit', () => {
    const { server, joinClient } = setup()
    const big = 'x'.repeat(4_000)
    for (let i = 0; i < 600; i++) {
      const client = new Client(`s${i}`)
      server.join(client, userOf(`s${i}`), big)
    }
    const newcomer = joinClient('late')
    server.flushPresence()
    const sizes = newcomer.frames.map((f) => f.length)
    const state = newcomer.diffs().reduce(applyPresenceDiff, new Map() as PresenceState)
    expect([sizes.length > 1, Math.max(...sizes) <= 1_048_576, state.size]).toEqual([
      true,
      true,
      601,
    ])
  })
})

describe('lifecycle', () => {
  it('stop ends the timers', () => {
    vi.useFakeTimers()
    const { server, joinClient } = setup()
    const s1 = joinClient('s1')
    server.start()
    server.stop()
    vi.advanceTimersByTime(5_000)
    expect(s1.frames).toHaveLength(0)
  })

  it('presence diffs go where they cannot be dropped: a session whose ephemeral traffic is all dropped still learns who joined', () => {
    const { server, joinClient } = setup()
    const starved: PresenceRecipient & { frames: Uint8Array[] } = {
      id: 'starved',
      frames: [],
      sendEphemeral: () => undefined, // its socket is backed up: ephemeral frames are dropped
      sendPresence(frame) {
        this.frames.push(frame)
      },
    }
    server.join(starved, userOf('starved'), null)
    server.flushPresence()
    joinClient('s1')
    server.flushPresence()
    const joined = starved.frames.flatMap((frame) => {
      const decoded = decodeServerMessage(frame)
      if (!decoded.ok || decoded.value.type !== 'presence_diff') return []
      return decoded.value.joined.map((j) => j.session)
    })
    expect(joined).toEqual(['starved', 's1'])
  })

  it('a session whose send throws does not stop the others', () => {
    const { server, joinClient } = setup()
    const broken: PresenceRecipient = {
      id: 'broken',
      sendEphemeral: () => {
        throw new Error('socket gone')
      },
      sendPresence: () => {
        throw new Error('socket gone')
      },
    }
    server.join(broken, userOf('broken'), null)
    const s1 = joinClient('s1')
    server.flushPresence()
    expect([s1.frames.length, server.stats.sendFailures]).toEqual([1, 1])
  })

  it('stats count sessions, cursors, batches and frames', () => {
    const { server, joinClient } = setup()
    joinClient('s1', undefined, 'p1')
    joinClient('s2', undefined, 'p1')
    server.moveCursor('s1', 'a', at('x'))
    server.flushCursors()
    server.flushPresence()
    expect(server.stats).toEqual({
      sessions: 2,
      cursors: 1,
      batchesSent: 1,
      presenceDiffsSent: 1,
      framesSent: 4,
      sendFailures: 0,
    })
  })

  it('moves and presence of a session that never joined are ignored', () => {
    const { server, joinClient } = setup()
    const viewer = joinClient('v', undefined, 'p1')
    server.moveCursor('stranger', 'a', at('x'))
    server.setPresence('stranger', 1)
    server.flushCursors()
    expect([viewer.batches(), server.stats.cursors]).toEqual([[], 0])
  })

  it('memory follows the sessions: nothing is kept for a partition once its cursors are gone', () => {
    const { server, joinClient } = setup()
    joinClient('v', undefined, 'p1')
    for (let round = 0; round < 50; round++) {
      server.moveCursor('v', round % 2 === 0 ? 'a' : 'c', at(`x${round}`))
      server.flushCursors()
    }
    server.leave('v')
    server.flushCursors()
    server.flushPresence()
    expect([
      server.stats.cursors,
      server.stats.sessions,
      server.cursorView('p1').cursors.size,
    ]).toEqual([0, 0, 0])
  })
})

describe('client state', () => {
  it('applyCursorBatch deletes a cluster sent with count 0 and removes listed sessions', () => {
    const start: CursorState = new Map([
      [
        'p1',
        {
          cursors: new Map([['s1', { session: 's1', block: 'a', anchor: at('x') }]]),
          clusters: new Map([['b', { block: 'b', count: 11, colors: ['#000000'] }]]),
        },
      ],
    ])
    const next = applyCursorBatch(start, {
      type: 'cursor_batch',
      partition: 'p1',
      cursors: [],
      clusters: [{ block: 'b', count: 0, colors: [] }],
      removed: ['s1'],
    })
    expect([next.has('p1'), start.get('p1')?.cursors.size]).toEqual([false, 1])
  })
})
