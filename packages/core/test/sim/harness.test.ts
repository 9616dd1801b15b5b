import { describe, expect, it } from 'vitest'
import { type Envelope, USER_ORIGIN } from '../../src/ops.js'
import type { ReplicaFactory, SimReplica } from './contract.js'
import { modelReplicaFactory } from './model-replica.js'
import { createNetwork, nextDelivery, pending, send } from './network.js'
import { createPrng, float, int, shuffle, uint32 } from './prng.js'
import { documentReplicaFactory } from './replicas.js'
import { runSimulation, SimFailure } from './simulator.js'

const fakeEnvelope = (n: number): Envelope => ({
  id: n.toString(16).padStart(24, '0'),
  hlc: { ms: n, counter: 0, replica: 0 },
  user: 'u',
  session: 's',
  origin: USER_ORIGIN,
  op: { kind: 'set_property', block: 'x', key: 'k', value: n },
})

describe('simulator harness', () => {
  it('the PRNG replays a seed exactly and stays in range', () => {
    const a = createPrng(42)
    const b = createPrng(42)
    const xs = Array.from({ length: 1000 }, () => uint32(a))
    expect(Array.from({ length: 1000 }, () => uint32(b))).toEqual(xs)
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true)
    const p = createPrng(7)
    for (let i = 0; i < 1000; i++) {
      const f = float(p)
      expect(f >= 0 && f < 1).toBe(true)
      const n = int(p, -3, 3)
      expect(n >= -3 && n <= 3).toBe(true)
    }
    expect(shuffle(createPrng(1), [1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5])
  })

  it('the network delivers every message at least once, despite drops, in some order', () => {
    const net = createNetwork(createPrng(3), {
      duplicateRate: 0.3,
      dropRate: 0.3,
      batchRate: 0.3,
      maxBatch: 4,
      retryDelay: [1, 10],
    })
    const sent = Array.from({ length: 200 }, (_, i) => fakeEnvelope(i + 1))
    for (const env of sent) send(net, { from: 0, to: int(createPrng(env.hlc.ms), 1, 3), env })
    const seen: string[] = []
    for (let guard = 0; pending(net) > 0 && guard < 100_000; guard++) {
      const d = nextDelivery(net)
      if (d !== undefined) seen.push(...d.envelopes.map((e) => e.id))
    }
    expect(pending(net)).toBe(0)
    expect(new Set(seen)).toEqual(new Set(sent.map((e) => e.id)))
    expect(net.stats.dropped).toBeGreaterThan(0)
    expect(net.stats.duplicated).toBeGreaterThan(0)
    expect(seen).not.toEqual([...seen].sort())
  })

  it('a seed replays exactly: same ops, same network, same outcome', () => {
    const run = () => runSimulation({ seed: 11, steps: 120, factory: modelReplicaFactory })
    expect(run()).toEqual(run())
  })

  it('catches a replica that silently drops one remote op', () => {
    let dropped = false
    const lossy: ReplicaFactory = {
      ...documentReplicaFactory,
      create: (options) => {
        const real = documentReplicaFactory.create(options)
        return new Proxy(real, {
          get(target, prop, receiver) {
            if (prop !== 'apply') return Reflect.get(target, prop, receiver)
            return (envs: Parameters<SimReplica['apply']>[0]) => {
              const i = envs.findIndex((e) => e.op.kind === 'set_property')
              if (dropped || i < 0) return target.apply(envs)
              dropped = true
              return target.apply(envs.filter((_, k) => k !== i))
            }
          },
        })
      },
    }
    expect(() => runSimulation({ seed: 5, steps: 200, factory: lossy })).toThrow(SimFailure)
  })

  it('catches a broken invariant on the step it happens, naming seed and step', () => {
    let calls = 0
    const broken: ReplicaFactory = {
      ...documentReplicaFactory,
      create: (options) => {
        const real = documentReplicaFactory.create(options)
        return new Proxy(real, {
          get(target, prop, receiver) {
            if (prop === 'checkInvariants') return () => (++calls === 300 ? ['planted'] : [])
            return Reflect.get(target, prop, receiver)
          },
        })
      },
    }
    expect(() => runSimulation({ seed: 9, steps: 200, factory: broken })).toThrow(
      /seed 9, step \d+: invariants broken on r\d .*planted[\s\S]*SEED=9/,
    )
  })

  it('the naive model replica converges to the reference under the full workload', () => {
    for (const seed of [1, 2, 3]) {
      const stats = runSimulation({ seed, steps: 200, factory: modelReplicaFactory })
      expect(stats.ops).toBeGreaterThan(50)
    }
  })
})
