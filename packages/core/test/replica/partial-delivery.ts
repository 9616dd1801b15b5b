/**
 * A seeded run of the DELIVERY rules (src/delivery.ts) without a network: writers edit
 * concurrently through a hub replica that sequences their ops as the server does, and sessions
 * receive that sequence in order, but only by the DELIVERY rules for the blocks they see. Now
 * and then a session scrolls: it starts seeing other blocks and catches them up (DELIVERY-3),
 * after receiving every op sequenced so far (the server flushes ops before catch-up state).
 *
 * The writers run the simulator's conflict-heavy workload (test/sim/workload.ts), so sessions
 * meet every op kind, cycles, lost moves, MERGE-2 restores and duplicate creations.
 *
 * Checked while it runs, for every session at every scroll and at the end:
 * - DELIVERY-1: its structure (tree, sibling order, types) equals the hub's;
 * - DELIVERY-2: the content of every block it sees equals the hub's, with no catch-up of it
 *   since it started seeing it;
 * - DELIVERY-3: after a catch-up of every block, `toCanonical()` equals the hub's — for a
 *   session that was there from the start and for one that joined from a snapshot without
 *   content (`encodeSnapshot({ content: () => false })`).
 */
import { deliveryClass, withoutContent } from '../../src/delivery.js'
import { type BlockId, ROOT_ID, TRASH_ID } from '../../src/ids.js'
import { createdBlocks, type Envelope, referencedBlocks, TYPE_PROPERTY } from '../../src/ops.js'
import type { CatchUpBlock } from '../../src/protocol/messages.js'
import type { CanonicalBlock, CanonicalDoc } from '../../src/replica/canonical.js'
import { DocumentReplica, type ReplicaOptions } from '../../src/replica/replica.js'
import { diffCanonical } from '../sim/canonical.js'
import { bool, createPrng, float, floatFn, fork, int, type Prng } from '../sim/prng.js'
import { blocksUnder } from '../sim/view.js'
import {
  type MarkerRecord,
  type Peer,
  randomAction,
  seedDocument,
  type World,
} from '../sim/workload.js'

export interface DeliveryRunOptions {
  readonly seed: number
  readonly steps: number
  /** Writers besides the hub, which writes too. */
  readonly writers?: number
}

export interface DeliveryStats {
  readonly seed: number
  readonly steps: number
  readonly ops: number
  /** Ops sessions received whole, without content, or not at all (content of unseen blocks). */
  readonly full: number
  readonly stripped: number
  readonly withheld: number
  readonly scrolls: number
  readonly caughtUpBlocks: number
  readonly blocks: number
}

export class DeliveryFailure extends Error {
  constructor(seed: number, step: number, detail: string) {
    super(
      `seed ${seed}, step ${step}: ${detail}\n  replay: SEED=${seed} pnpm vitest run test/replica/delivery (in packages/core)`,
    )
    this.name = 'DeliveryFailure'
  }
}

/** A session: a replica that gets the sequence by the DELIVERY rules for the blocks it sees. */
interface Session {
  readonly name: string
  readonly replica: DocumentReplica
  /** How much of the hub's sequence it has received. */
  received: number
  sees: Set<BlockId>
  /** Blocks whose visibility was decided (when first met, or at the last scroll). */
  readonly known: Set<BlockId>
  /** The share of blocks it sees. */
  readonly share: number
}

/** Every block of a replica's tree, live and trashed, in pre-order. */
export const allBlocks = (replica: DocumentReplica): BlockId[] => [
  ...blocksUnder(replica, ROOT_ID),
  ...blocksUnder(replica, TRASH_ID),
]

/**
 * What the server's catch-up (packages/server/src/rooms/catch-up.ts) sends for a block:
 * its registers with their stamps and its text as a diff against the state vector the
 * session has.
 */
export const catchUpBlocks = (
  source: DocumentReplica,
  target: DocumentReplica,
  blocks: Iterable<BlockId>,
): CatchUpBlock[] => {
  const out: CatchUpBlock[] = []
  for (const id of blocks) {
    const parent = source.parent(id)
    const key = source.position(id)
    if (parent === undefined || key === undefined) continue
    const registers = source.propertyRegisters(id)
    const type = registers.find((r) => r.key === TYPE_PROPERTY)
    out.push({
      id,
      parent,
      key,
      lastMove: source.moveRegister(id),
      type: typeof type?.value === 'string' ? type.value : 'paragraph',
      typeStamp: type?.stamp ?? '',
      props: registers.filter((r) => r.key !== TYPE_PROPERTY),
      text: source.encodeText(id, target.textStateVector(id)),
    })
  }
  return out
}

/** The canonical form with text and properties left out: what every session must share. */
export const structureOf = (doc: CanonicalDoc): unknown => {
  const strip = (b: CanonicalBlock): unknown => ({
    id: b.id,
    type: b.type,
    children: b.children.map(strip),
  })
  return { root: doc.root.map(strip), trash: doc.trash.map(strip) }
}

const contentOf = (replica: DocumentReplica, block: BlockId): unknown => ({
  props: replica.props(block),
  text: replica.delta(block),
})

export const runDeliveryScenario = (options: DeliveryRunOptions): DeliveryStats => {
  const { seed, steps } = options
  const prng = createPrng(seed)
  const workPrng = fork(prng)
  let step = 0
  let time = 1_700_000_000_000
  const fail = (detail: string): never => {
    throw new DeliveryFailure(seed, step, detail)
  }
  const stats = { full: 0, stripped: 0, withheld: 0, scrolls: 0, caughtUpBlocks: 0 }

  let nextReplica = 1 + int(prng, 0, 1000)
  const identity = (name: string, random: Prng): ReplicaOptions => ({
    replica: nextReplica++,
    user: name,
    session: name,
    now: () => time,
    random: floatFn(random),
  })

  // ---- the hub (the server's replica, which here writes too) and its sequence
  const log: Envelope[] = []
  const hub = new DocumentReplica(identity('hub', fork(prng)))
  hub.onLocalOp((env) => log.push(env))
  const writers = Array.from({ length: options.writers ?? 2 }, (_, i) => {
    const replica = new DocumentReplica(identity(`w${i}`, fork(prng)))
    const writer = { replica, outbox: [] as Envelope[], received: 0 }
    replica.onLocalOp((env) => writer.outbox.push(env))
    return writer
  })

  /** A writer's oldest unsent op reaches the hub, which sequences it (the server's pipeline). */
  const sendToHub = (writer: (typeof writers)[number]): void => {
    const env = writer.outbox.shift()
    if (env === undefined) return
    if (!hub.isReady(env)) fail(`the hub got ${env.id} before what it names (FIFO broken)`)
    log.push(env)
    hub.apply([env])
  }
  const receiveFromHub = (writer: (typeof writers)[number], count: number): void => {
    const batch = log.slice(writer.received, writer.received + count)
    writer.received += batch.length
    if (batch.length > 0) writer.replica.apply(batch)
  }

  // ---- sessions
  const sessions: Session[] = []
  const see = (session: Session, block: BlockId): void => {
    if (session.known.has(block)) return
    session.known.add(block)
    if (bool(workPrng, session.share)) session.sees.add(block)
  }
  const join = (name: string, replica: DocumentReplica, received: number): Session => {
    const session: Session = {
      name,
      replica,
      received,
      sees: new Set(),
      known: new Set(),
      share: 0.1 + 0.8 * float(workPrng),
    }
    sessions.push(session)
    return session
  }

  /** One op of the sequence to a session, by DELIVERY-1 and DELIVERY-2. */
  const deliver = (session: Session, env: Envelope): void => {
    for (const block of createdBlocks(env.op)) see(session, block)
    const touched = [...referencedBlocks(env.op), ...createdBlocks(env.op)]
    const visible = touched.some((b) => session.sees.has(b))
    let sent: Envelope | undefined
    if (deliveryClass(env.op) === 'content') sent = visible ? env : undefined
    else sent = visible ? env : withoutContent(env)
    if (sent === undefined) stats.withheld++
    else if (sent === env) stats.full++
    else stats.stripped++
    session.received++
    if (sent === undefined) return
    const result = session.replica.apply([sent])
    if (result.applied !== 1)
      fail(`${session.name} did not apply ${env.id} ${env.op.kind}: ${JSON.stringify(result)}`)
    if (result.generated.length > 0)
      fail(`${session.name} authored ops while receiving ${env.id}, though it never wrote`)
  }
  const deliverAll = (session: Session): void => {
    while (session.received < log.length) deliver(session, log[session.received]!)
  }

  /** DELIVERY-1 and DELIVERY-2 for a session that has received the whole sequence. */
  const checkSession = (session: Session, when: string): void => {
    const problems = session.replica.checkInvariants()
    if (problems.length > 0) fail(`${session.name} ${when}: ${problems.slice(0, 3).join('; ')}`)
    const expected = structureOf(hub.toCanonical())
    const actual = structureOf(session.replica.toCanonical())
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      fail(`DELIVERY-1: ${session.name}'s structure differs from the hub's ${when}`)
    for (const block of session.sees) {
      if (!hub.exists(block)) continue
      const want = JSON.stringify(contentOf(hub, block))
      const got = JSON.stringify(contentOf(session.replica, block))
      if (got !== want)
        fail(`DELIVERY-2: ${session.name} sees ${block} ${when} but has ${got}, the hub ${want}`)
    }
  }

  /** The session shows other blocks: it gets every op so far, then the newly seen content. */
  const scroll = (session: Session, share: number): void => {
    deliverAll(session)
    stats.scrolls++
    const next = new Set<BlockId>()
    for (const block of allBlocks(hub)) {
      session.known.add(block)
      if (bool(workPrng, share)) next.add(block)
    }
    const added = [...next].filter((b) => !session.sees.has(b))
    session.replica.applyCatchUp(catchUpBlocks(hub, session.replica, added))
    stats.caughtUpBlocks += added.length
    session.sees = next
    checkSession(session, `after scrolling at step ${step}`)
  }

  // ---- the run
  const peers: Peer[] = [
    { index: 0, replicaId: hub.replica, replica: hub },
    ...writers.map((w, i) => ({ index: i + 1, replicaId: w.replica.replica, replica: w.replica })),
  ]
  const world: World = {
    prng: workPrng,
    peers,
    protectedBlocks: new Set<BlockId>(),
    markers: new Map<string, MarkerRecord>(),
    get step() {
      return step
    },
    act: (peer, _what, run) => run(peer.replica),
    count: () => undefined,
  }

  const first = join('B', new DocumentReplica(identity('B', fork(prng))), 0)
  seedDocument(world)
  const snapshotAt = int(prng, 1, steps)
  for (step = 1; step <= steps; step++) {
    time += int(prng, 0, 20)
    if (step === snapshotAt) {
      // a session joining now: the structure without any content, then what it sees
      const bytes = hub.encodeSnapshot({ content: () => false })
      const replica = DocumentReplica.fromSnapshot(bytes, identity('C', fork(prng)))
      scroll(join('C', replica, log.length), 0.1 + 0.8 * float(workPrng))
    }
    const x = float(prng)
    if (x < 0.35) randomAction(world)
    else if (x < 0.6) {
      const writer = writers[int(prng, 0, writers.length - 1)]!
      for (let n = int(prng, 1, 3); n > 0; n--) sendToHub(writer)
    } else if (x < 0.85) {
      receiveFromHub(writers[int(prng, 0, writers.length - 1)]!, int(prng, 1, 6))
    } else if (x < 0.97) {
      const session = sessions[int(prng, 0, sessions.length - 1)]!
      for (let n = int(prng, 1, 8); n > 0 && session.received < log.length; n--)
        deliver(session, log[session.received]!)
    } else scroll(sessions[int(prng, 0, sessions.length - 1)]!, float(workPrng))
  }

  // ---- quiesce: every writer's ops sequenced and every writer up to date
  for (
    let round = 0;
    writers.some((w) => w.outbox.length > 0 || w.received < log.length);
    round++
  ) {
    if (round > 10_000) fail('writers and hub did not quiesce')
    for (const writer of writers) {
      while (writer.outbox.length > 0) sendToHub(writer)
      receiveFromHub(writer, log.length)
    }
  }
  const expected = hub.toCanonical()
  for (const writer of writers) {
    const d = diffCanonical(writer.replica.toCanonical(), expected)
    if (d !== undefined) fail(`writer ${writer.replica.replica} differs from the hub: ${d}`)
  }

  // ---- DELIVERY-3: with the whole sequence and a catch-up of every block, a session is the hub
  for (const session of sessions) {
    deliverAll(session)
    checkSession(session, 'at the end')
    session.replica.applyCatchUp(catchUpBlocks(hub, session.replica, allBlocks(hub)))
    const d = diffCanonical(session.replica.toCanonical(), expected)
    if (d !== undefined)
      fail(`DELIVERY-3: after catching up every block ${session.name} differs from the hub: ${d}`)
    if (session === first) {
      // a second catch-up of everything changes nothing
      session.replica.applyCatchUp(catchUpBlocks(hub, session.replica, allBlocks(hub)))
      const again = diffCanonical(session.replica.toCanonical(), expected)
      if (again !== undefined) fail(`a repeated catch-up changed ${session.name}: ${again}`)
    }
  }
  return { seed, steps, ops: log.length, ...stats, blocks: allBlocks(hub).length }
}
