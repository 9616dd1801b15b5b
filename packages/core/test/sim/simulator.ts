/**
 * The deterministic simulator (in the spirit of Yjs's and lib0's randomized tests): N replicas
 * with drifting fake clocks, a seeded workload biased toward conflicts, an adversarial network
 * (reordered, duplicated, dropped-then-retried delivery), and at the end a full sync after which
 * every replica must equal every other and the naive reference of ./reference.ts.
 *
 * Checked along the way and at the end:
 * - tree invariants after every single apply, local or remote;
 * - every replica's canonical form = the reference's (all ops sorted by id, applied by the rules);
 * - a duplicate delivery changes nothing; a snapshot plus every op equals the live replica;
 *   a newcomer given every op in a random order equals it too;
 * - text typed concurrently into a split tail or a merged `from` is still in a live block.
 *
 * Every random choice comes from the seed, so a failure names its seed and replays exactly.
 */

import type { BlockId } from '../../src/ids.js'
import { exportMarkdown, importMarkdown } from '../../src/markdown/index.js'
import type { Envelope, OpId } from '../../src/ops.js'
import { DocumentReplica } from '../../src/replica/replica.js'
import { type CanonicalDoc, diffCanonical, plainText, walkCanonical } from './canonical.js'
import type { ApplyResult, ReplicaFactory, ReplicaOptions, SimReplica } from './contract.js'
import {
  broadcast,
  createNetwork,
  DEFAULT_NETWORK,
  type Delivery,
  type Network,
  type NetworkOptions,
  type NetworkStats,
  nextDelivery,
  pending,
} from './network.js'
import { bool, createPrng, float, floatFn, fork, int, type Prng, shuffle, uint32 } from './prng.js'
import { referenceReplay } from './reference.js'
import { type MarkerRecord, type Peer, randomAction, seedDocument, type World } from './workload.js'

export interface SimOptions {
  readonly seed: number
  readonly steps: number
  readonly replicas?: number
  readonly factory: ReplicaFactory
  readonly network?: NetworkOptions
  /** Share of steps that are local operations (the rest are deliveries). */
  readonly localRate?: number
  /** Chance per step of a full sync in the middle of the run. */
  readonly syncRate?: number
  /** Truncate every replica's log at each mid-run sync point (when the sim can prove stability). */
  readonly truncate?: boolean
  /** Restore a mid-run snapshot at the end and compare. Default true. */
  readonly snapshot?: boolean
  /** Called with a line per notable event, for debugging a seed. */
  readonly trace?: (line: string) => void
  /** Called after the final sync, before the checks, for debugging a seed. */
  readonly inspect?: (run: { log: readonly Envelope[]; replicas: readonly SimReplica[] }) => void
}

export interface SimStats {
  readonly seed: number
  readonly steps: number
  readonly replicas: number
  /** Distinct durable ops authored (including rescue ops replicas generated). */
  readonly ops: number
  readonly localOps: Record<string, number>
  readonly scenarios: Record<string, number>
  /** `rejected` codes reported by replicas' `apply`, summed over replicas and deliveries. */
  readonly rejections: Record<string, number>
  /** Outcomes the reference noted (concurrent_move, cycle, …). */
  readonly reference: Record<string, number>
  readonly network: NetworkStats
  readonly generated: number
  readonly markers: number
  readonly syncs: number
  readonly liveBlocks: number
  readonly trashedBlocks: number
}

export class SimFailure extends Error {
  constructor(
    readonly seed: number,
    readonly step: number,
    readonly detail: string,
  ) {
    super(
      `seed ${seed}, step ${step}: ${detail}\n  replay: SEED=${seed} pnpm test (in packages/core)`,
    )
    this.name = 'SimFailure'
  }
}

interface FakeClock {
  offset: number
  frozenAt: number | undefined
  frozenUntil: number
}

const bump = (counts: Record<string, number>, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by
}

const MAX_CLOCK_OFFSET_MS = 20_000

/** Distinct uint32 replica ids, with the edges of the range showing up now and then. */
const replicaIds = (prng: Prng, n: number): number[] => {
  const ids = new Set<number>()
  if (bool(prng, 0.2)) ids.add(0)
  if (bool(prng, 0.2)) ids.add(0xffffffff)
  while (ids.size < n) ids.add(bool(prng, 0.3) ? int(prng, 1, 50) : uint32(prng))
  return shuffle(prng, [...ids]).slice(0, n)
}

export const runSimulation = (options: SimOptions): SimStats => {
  const { seed, steps, factory } = options
  const replicaCount = options.replicas ?? 5
  const localRate = options.localRate ?? 0.45
  const syncRate = options.syncRate ?? 0.004
  const trace = options.trace
  const prng = createPrng(seed)
  const net: Network = createNetwork(fork(prng), options.network ?? DEFAULT_NETWORK)
  const workPrng = fork(prng)
  const clockPrng = fork(prng)

  let step = -1
  let time = 1_700_000_000_000 + int(prng, 0, 10_000_000)
  const fail = (detail: string): never => {
    throw new SimFailure(seed, step, detail)
  }

  const log = new Map<OpId, Envelope>()
  const localOps: Record<string, number> = {}
  const scenarios: Record<string, number> = {}
  const rejections: Record<string, number> = {}
  let generated = 0
  /** Per replica, the `${id} ${code}` rejections its `apply` reported (for its own ops). */
  const reported: Array<Set<string>> = []
  let syncs = 0

  const clocks: FakeClock[] = []
  const readClock = (i: number): number => {
    const c = clocks[i]!
    return c.frozenAt ?? time + c.offset
  }
  const advanceClocks = (): void => {
    time += int(clockPrng, 0, 30)
    for (const c of clocks) {
      if (c.frozenAt !== undefined && step >= c.frozenUntil) c.frozenAt = undefined
      const x = float(clockPrng)
      if (x < 0.01) {
        // the wall clock stalls for a while (HLC-2 must still issue fresh stamps)
        c.frozenAt = time + c.offset
        c.frozenUntil = step + int(clockPrng, 5, 60)
      } else if (x < 0.02) {
        // the wall clock steps back (NTP correction)
        c.offset = Math.max(-MAX_CLOCK_OFFSET_MS, c.offset - int(clockPrng, 1, 3_000))
      } else if (x < 0.03) {
        c.offset = Math.min(MAX_CLOCK_OFFSET_MS, c.offset + int(clockPrng, 1, 3_000))
      }
    }
  }

  const ids = replicaIds(prng, replicaCount)
  const optionsFor = (i: number): ReplicaOptions => ({
    replica: ids[i]!,
    user: `u${i}`,
    session: `s${i}`,
    now: () => readClock(i),
    random: floatFn(fork(prng)),
  })

  const check = (r: SimReplica, who: string, context: string): void => {
    const problems = r.checkInvariants()
    if (problems.length > 0)
      fail(`invariants broken on ${who} ${context}: ${problems.slice(0, 5).join('; ')}`)
  }

  const peers: Peer[] = []
  for (let i = 0; i < replicaCount; i++) {
    clocks.push({ offset: int(clockPrng, -5_000, 5_000), frozenAt: undefined, frozenUntil: 0 })
    const replica = factory.create(optionsFor(i))
    replica.onLocalOp((env) => {
      if (log.has(env.id)) fail(`replica ${i} issued op id ${env.id} twice (HLC-2)`)
      log.set(env.id, env)
      trace?.(`step ${step}: r${i} authored ${env.id} ${describe(env)}`)
      broadcast(net, i, replicaCount, env)
    })
    peers.push({ index: i, replicaId: ids[i]!, replica })
    reported.push(new Set())
  }

  const protectedBlocks = new Set<BlockId>()
  const markers = new Map<string, MarkerRecord>()
  const world: World = {
    prng: workPrng,
    peers,
    protectedBlocks,
    markers,
    get step() {
      return step
    },
    act(peer, what, run) {
      let env: Envelope
      try {
        env = run(peer.replica)
      } catch (error) {
        if (error instanceof SimFailure) throw error
        return fail(
          `local ${what} on r${peer.index} threw: ${error instanceof Error ? error.stack : String(error)}`,
        )
      }
      if (!log.has(env.id))
        fail(`local ${what} on r${peer.index} returned ${env.id}, never reported to onLocalOp`)
      bump(localOps, what)
      check(peer.replica, `r${peer.index}`, `after local ${what} ${env.id}`)
      return env
    },
    count(what) {
      bump(scenarios, what)
    },
  }

  const deliver = (d: Delivery): ApplyResult => {
    const r = peers[d.to]!.replica
    let result: ApplyResult
    try {
      result = r.apply(d.envelopes)
    } catch (error) {
      return fail(
        `r${d.to}.apply([${d.envelopes.map((e) => e.id).join(', ')}]) threw: ${error instanceof Error ? error.stack : String(error)}`,
      )
    }
    trace?.(
      `step ${step}: r${d.to} applied [${d.envelopes.map((e) => e.id).join(', ')}] → ${JSON.stringify({ ...result, generated: result.generated.map((g) => g.id) })}`,
    )
    for (const rej of result.rejected) {
      bump(rejections, rej.code)
      reported[d.to]!.add(`${rej.id} ${rej.code}`)
    }
    generated += result.generated.length
    for (const g of result.generated) {
      if (!log.has(g.id)) fail(`r${d.to} generated ${g.id} without reporting it to onLocalOp`)
    }
    check(r, `r${d.to}`, `after applying [${d.envelopes.map((e) => e.id).join(', ')}]`)
    return result
  }

  /** Delivers until nothing is in flight, including ops replicas author while syncing. */
  const fullSync = (): void => {
    syncs++
    let guard = 0
    while (pending(net) > 0) {
      if (++guard > 1_000_000) fail(`sync did not quiesce (${pending(net)} messages pending)`)
      const d = nextDelivery(net)
      if (d !== undefined) deliver(d)
    }
  }

  // the opening, delivered reliably, so the conflicts start from a shared document
  step = 0
  seedDocument(world)
  fullSync()

  const snapshotStep =
    options.snapshot === false ? -1 : int(prng, Math.floor(steps / 4), Math.floor((3 * steps) / 4))
  let snapshot: { peer: number; bytes: Uint8Array; step: number } | undefined

  for (step = 1; step <= steps; step++) {
    advanceClocks()
    if (step === snapshotStep) {
      const peer = int(prng, 0, replicaCount - 1)
      snapshot = { peer, bytes: peers[peer]!.replica.encodeSnapshot(), step }
    }
    if (bool(prng, syncRate)) {
      fullSync()
      if (options.truncate) {
        let stable = ''
        for (const id of log.keys()) if (id > stable) stable = id
        for (const p of peers) p.replica.truncateLog(stable)
        for (const p of peers) check(p.replica, `r${p.index}`, `after truncateLog(${stable})`)
      }
    } else if (bool(prng, localRate)) {
      try {
        randomAction(world)
      } catch (error) {
        if (error instanceof SimFailure) throw error
        fail(`workload error: ${error instanceof Error ? error.stack : String(error)}`)
      }
    } else {
      const d = nextDelivery(net)
      if (d !== undefined) deliver(d)
    }
  }
  step = steps + 1
  fullSync()

  options.inspect?.({ log: [...log.values()], replicas: peers.map((p) => p.replica) })

  // ---- convergence: every replica equals every other and the reference
  const canonicals: CanonicalDoc[] = peers.map((p) => p.replica.toCanonical())
  const all = [...log.values()]
  const reference = referenceReplay(all)
  // replicas against each other first: "they diverge" and "they agree on something the rules
  // do not say" are different bugs
  for (let i = 1; i < replicaCount; i++) {
    const d = diffCanonical(canonicals[i]!, canonicals[0]!)
    if (d !== undefined) fail(`after full sync r${i} and r0 diverge: ${d} (r${i} vs r0)`)
  }
  const d = diffCanonical(canonicals[0]!, reference.canonical)
  if (d !== undefined) {
    fail(
      `after full sync the replicas agree but differ from the reference: ${d} (replicas vs reference)`,
    )
  }

  // ---- Markdown (issue 3): every replica exports the same Markdown, which imports again and
  // is a fixed point after one more round
  const replicas = peers.map((p) => p.replica).filter((r) => r instanceof DocumentReplica)
  if (replicas.length === replicaCount) {
    const texts = replicas.map((r) => exportMarkdown(r))
    for (let i = 1; i < texts.length; i++) {
      if (texts[i] !== texts[0]) fail(`after full sync r${i} and r0 export different Markdown`)
    }
    const once = new DocumentReplica({ replica: 0xfffffff0 })
    const imported = importMarkdown(texts[0]!, { replica: once })
    if (!imported.ok) fail(`the exported Markdown does not import: ${imported.error.message}`)
    const roundOne = exportMarkdown(once)
    const twice = new DocumentReplica({ replica: 0xfffffff1 })
    importMarkdown(roundOne, { replica: twice })
    if (exportMarkdown(twice) !== roundOne)
      fail('the exported Markdown is not a fixed point after one round')
  }

  // ---- MOVE-1/2, CREATE-1: every op of a replica that finally lost was reported to it
  const indexOf = new Map(ids.map((id, i) => [id, i]))
  for (const note of reference.notes) {
    if (note.outcome === 'missing_block' || note.outcome === 'missing_dep') continue
    const author = indexOf.get(log.get(note.id)!.hlc.replica)
    if (author !== undefined && !reported[author]!.has(`${note.id} ${note.outcome}`)) {
      fail(
        `r${author}'s ${describe(log.get(note.id)!)} [${note.id}] lost (${note.outcome}) but was never reported to r${author}`,
      )
    }
  }

  // ---- after a full sync nothing waits any more, except ops the rules never apply (CREATE-2)
  const neverApplied = reference.notes.filter(
    (n) => n.outcome === 'missing_block' || n.outcome === 'missing_dep',
  ).length
  for (const p of peers) {
    const waiting = p.replica.bufferedCount
    if (waiting !== undefined && waiting !== neverApplied) {
      fail(
        `after full sync r${p.index} still buffers ${waiting} op(s); the reference skips ${neverApplied}`,
      )
    }
  }

  // ---- nothing typed concurrently into a split tail or a merged block vanished
  const liveTexts = [...walkCanonical(reference.canonical.root)].map(plainText)
  for (const [marker, rec] of markers) {
    if (!liveTexts.some((t) => t.includes(marker))) {
      const where = [...walkCanonical(reference.canonical.trash)].find((b) =>
        plainText(b).includes(marker),
      )
      fail(
        `marker ${marker} (${rec.scenario}, typed by r${rec.by} into ${rec.block} at step ${rec.step}) is in no live block` +
          (where === undefined ? ' nor in the trash' : ` (it is in trashed block ${where.id})`),
      )
    }
  }

  // ---- a duplicate delivery changes nothing
  for (const p of peers) {
    const again = shuffle(workPrng, [...all])
    for (let at = 0; at < again.length; ) {
      const size = int(workPrng, 1, 40)
      const result = deliver({ to: p.index, envelopes: again.slice(at, at + size) })
      if (result.applied !== 0 || result.generated.length !== 0) {
        fail(
          `re-delivering ops to r${p.index} applied ${result.applied} and generated ${result.generated.length}; duplicates must change nothing`,
        )
      }
      at += size
    }
    const d = diffCanonical(p.replica.toCanonical(), canonicals[p.index]!)
    if (d !== undefined) fail(`re-delivering every op to r${p.index} changed it: ${d}`)
  }

  // ---- snapshot + every op (duplicates included) = the live replica; a newcomer too
  const replayInto = (r: SimReplica, label: string, expected: CanonicalDoc): void => {
    const authored: Envelope[] = []
    r.onLocalOp((env) => authored.push(env))
    const ops = shuffle(workPrng, [...all, ...all.filter(() => bool(workPrng, 0.1))])
    for (let at = 0; at < ops.length; ) {
      const size = int(workPrng, 1, 25)
      const batch = ops.slice(at, at + size)
      try {
        r.apply(batch)
      } catch (error) {
        fail(`${label}.apply threw: ${error instanceof Error ? error.stack : String(error)}`)
      }
      check(r, label, `after applying a batch of ${batch.length}`)
      at += size
    }
    if (authored.length > 0)
      fail(
        `${label} authored ${authored.length} op(s) while replaying ops it had already seen: ${authored.map(describe).join('; ')}`,
      )
    const d = diffCanonical(r.toCanonical(), expected)
    if (d !== undefined) fail(`${label} differs from the live replica: ${d}`)
  }
  // Restored and newcomer replicas take identities nobody has used: a snapshot restores a
  // replica's state, not its authorship (fromSnapshot's contract: "under a new identity").
  let spare = 1000
  const freshIdentity = (label: string): ReplicaOptions => {
    while (ids.includes(spare)) spare++
    return {
      replica: spare++,
      user: label,
      session: label,
      now: () => time,
      random: floatFn(fork(prng)),
    }
  }
  if (snapshot !== undefined) {
    const label = `r${snapshot.peer} restored from its snapshot of step ${snapshot.step}`
    const restored = factory.fromSnapshot(snapshot.bytes, freshIdentity('restored'))
    check(restored, label, 'right after fromSnapshot')
    replayInto(restored, label, canonicals[snapshot.peer]!)
  }
  replayInto(factory.create(freshIdentity('newcomer')), 'a newcomer replica', reference.canonical)

  const referenceCounts: Record<string, number> = {}
  for (const n of reference.notes) bump(referenceCounts, n.outcome)
  const final = reference.canonical
  return {
    seed,
    steps,
    replicas: replicaCount,
    ops: log.size,
    localOps,
    scenarios,
    rejections,
    reference: referenceCounts,
    network: { ...net.stats },
    generated,
    markers: markers.size,
    syncs,
    liveBlocks: [...walkCanonical(final.root)].length,
    trashedBlocks: [...walkCanonical(final.trash)].length,
  }
}

/** A one-line description of an op for traces and failures. */
export const describe = (env: Envelope): string => {
  const op = env.op
  switch (op.kind) {
    case 'insert_block':
      return `insert ${op.block} under ${op.parent} @${op.key}`
    case 'delete_block':
      return `delete ${op.block} (prev ${op.prev})`
    case 'move_block':
      return `move ${op.block} under ${op.parent} @${op.key} (prev ${op.prev})`
    case 'split_block':
      return `split ${op.block} → ${op.newBlock} under ${op.parent} @${op.key}`
    case 'merge_blocks':
      return `merge ${op.from} into ${op.into} (prev ${op.prev}, children ${op.children.map((c) => c.block).join(',') || '-'})`
    case 'edit_text':
      return `edit text of ${op.block} (${op.update.length} bytes)`
    case 'set_property':
      return `set ${op.block}.${op.key} = ${JSON.stringify(op.value)}`
  }
}
