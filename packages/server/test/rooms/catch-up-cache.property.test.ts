/**
 * Property test of the catch-up cache: clients make random edits of every kind (random-edits.ts)
 * and their ops reach a real server replica late, out of order and in batches — so the move
 * tree undoes and redoes, moves lose to concurrent ones and ops wait for their blocks. At random
 * points, the cache's content of random blocks (live, deleted, cached or not, whole or as a diff
 * against a client's state vector) must equal content computed afresh by `catchUpBlock`, and the
 * cache holds entries only for live blocks. A second cache with a tiny byte budget evicts all
 * the time and must agree too.
 * Seeded: prints its seed; `SEED=n npx vitest run test/rooms/catch-up-cache.property` replays.
 */
import { type BlockId, DocumentReplica, type Envelope, ROOT_ID, TRASH_ID } from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import { seedFromEnv } from '../../../../test-support/prng.js'
import { catchUpBlock } from '../../src/rooms/catch-up.js'
import { CatchUpCache } from '../../src/rooms/catch-up-cache.js'
import { PartitionMap } from '../../src/rooms/partition-map.js'
import {
  blocksUnder,
  bool,
  createPrng,
  EDIT_KINDS,
  type EditKind,
  int,
  type Prng,
  pick,
  randomEdit,
} from '../support/random-edits.js'

const SEEDS = process.env.SEED === undefined ? [1, 2, 3, 4, 5, 6] : [seedFromEnv(1)]
const CLIENTS = 3
const STEPS = 600
const INITIAL_BLOCKS = 60

interface Client {
  readonly replica: DocumentReplica
  /** Its own ops the server has not received yet. */
  readonly outbox: Envelope[]
  /** Others' ops the server has sent it and it has not applied yet. */
  readonly inbox: Envelope[]
}

/** Removes and returns `n` random items (so delivery order is not creation order). */
const takeRandom = <T>(p: Prng, items: T[], n: number): T[] => {
  const out: T[] = []
  while (out.length < n && items.length > 0)
    out.push(items.splice(int(p, 0, items.length - 1), 1)[0]!)
  return out
}

const applyInPieces = (p: Prng, replica: DocumentReplica, envelopes: readonly Envelope[]) => {
  if (bool(p)) return [replica.apply(envelopes)]
  return envelopes.map((e) => replica.apply([e]))
}

const runSeed = (seed: number) => {
  const p = createPrng(seed)
  const server = new DocumentReplica({ replica: 0, user: 'server', reportRejectionsOf: 'all' })
  const cache = new CatchUpCache(server)
  const tinyCache = new CatchUpCache(server, 3_000)
  const map = new PartitionMap(server)
  const clients: Client[] = Array.from({ length: CLIENTS }, (_, i) => {
    const client: Client = {
      replica: new DocumentReplica({ replica: i + 1, random: () => p.next() }),
      outbox: [],
      inbox: [],
    }
    client.replica.onLocalOp((e) => client.outbox.push(e))
    return client
  })
  const kinds = new Map<EditKind, number>()
  let compared = 0
  let servedFromCache = 0

  /** The server receives some ops and sends them on to every other client. */
  const deliverToServer = (count: number): void => {
    const pending = clients.flatMap((c, i) => c.outbox.map((e) => ({ e, from: i })))
    for (const c of clients) c.outbox.length = 0
    const chosen = takeRandom(p, pending, count)
    for (const { e, from } of pending) clients[from]!.outbox.push(e)
    const envelopes = chosen.map((c) => c.e)
    for (const result of applyInPieces(p, server, envelopes))
      for (const c of clients) c.inbox.push(...result.generated)
    for (const { e, from } of chosen)
      clients.forEach((c, i) => {
        if (i !== from) c.inbox.push(e)
      })
  }

  const clientReceives = (client: Client): void => {
    const envelopes = takeRandom(p, client.inbox, client.inbox.length)
    applyInPieces(p, client.replica, envelopes)
  }

  const knownBlocks = (): BlockId[] => [
    ...blocksUnder(server, ROOT_ID),
    ...blocksUnder(server, TRASH_ID),
  ]

  const check = (blocks: readonly BlockId[], step: number): void => {
    for (const id of blocks) {
      const client = pick(p, clients)
      const stateVector = bool(p, 0.2) ? client.replica.textStateVector(id) : undefined
      if (cache.has(id)) servedFromCache++
      compared++
      const fresh = catchUpBlock(server, id, stateVector)
      const where = `block ${id}, step ${step}, seed ${seed}`
      expect(cache.block(id, stateVector), where).toEqual(fresh)
      expect(tinyCache.block(id, stateVector), `${where} (tiny cache)`).toEqual(fresh)
    }
    const live = blocksUnder(server, ROOT_ID)
    for (const id of blocksUnder(server, TRASH_ID))
      expect(cache.has(id), `deleted ${id} cached, step ${step}, seed ${seed}`).toBe(false)
    expect(cache.size).toBeLessThanOrEqual(live.length)
    expect(tinyCache.bytes).toBeLessThanOrEqual(tinyCache.maxBytes)
  }

  // a shared starting document, known to everyone
  const author = clients[0]!
  for (let i = 0; i < INITIAL_BLOCKS; i++)
    randomEdit({ prng: p, replica: author.replica, partitionOf: () => undefined })
  deliverToServer(author.outbox.length)
  for (const c of clients) clientReceives(c)

  for (let step = 0; step < STEPS; step++) {
    const x = p.next()
    if (x < 0.5) {
      map.update()
      const client = pick(p, clients)
      const kind = randomEdit({
        prng: p,
        replica: client.replica,
        partitionOf: (b) => map.partitionOf(b),
      })
      if (kind !== undefined) kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
    } else if (x < 0.7) deliverToServer(int(p, 1, 6))
    else if (x < 0.85) clientReceives(pick(p, clients))
    else {
      // fill entries, so that later ops find them cached
      const live = blocksUnder(server, ROOT_ID)
      for (let n = int(p, 5, 25); n > 0 && live.length > 0; n--) cache.block(pick(p, live))
    }
    if (bool(p, 0.25)) {
      const known = knownBlocks()
      if (known.length > 0)
        check(
          Array.from({ length: 8 }, () => pick(p, known)),
          step,
        )
    }
  }
  deliverToServer(Number.POSITIVE_INFINITY)
  check(knownBlocks(), STEPS)
  return { kinds, compared, servedFromCache }
}

describe('catch-up cache', () => {
  for (const seed of SEEDS)
    it(`serves what catchUpBlock computes afresh, through random ops of every kind (seed ${seed})`, () => {
      console.log(`catch-up cache property: SEED=${seed}`)
      const { kinds, compared, servedFromCache } = runSeed(seed)
      console.log(
        `seed ${seed}: ${compared} blocks compared, ${servedFromCache} served from the cache; ` +
          [...kinds].map(([k, n]) => `${k} ${n}`).join(', '),
      )
      // the run must have exercised the cache and every op kind, or it proves little
      expect(servedFromCache).toBeGreaterThan(compared / 4)
      expect(EDIT_KINDS.filter((k) => !kinds.has(k))).toEqual([])
    })
})
