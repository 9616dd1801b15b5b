/**
 * The simulated network: every op a replica authors is queued once per other replica, and
 * delivery is adversarial but fair — a random queued message goes next (reordering), sometimes
 * twice (duplicates, in the same batch or later), sometimes not at all until a retry a few
 * steps later (drop-then-retry), sometimes together with other messages for the same replica
 * (batches). Nothing is ever lost for good: `drain` ends with everything delivered.
 */
import type { Envelope } from '../../src/ops.js'
import { bool, float, int, type Prng } from './prng.js'

export interface Message {
  readonly from: number
  readonly to: number
  readonly env: Envelope
}

export interface NetworkOptions {
  /** Chance a delivered message is also delivered again (now or later). */
  readonly duplicateRate: number
  /** Chance a picked message is dropped and re-sent later instead. */
  readonly dropRate: number
  /** Chance a delivery carries several messages for one replica. */
  readonly batchRate: number
  readonly maxBatch: number
  /** How many network steps a dropped message waits before it is re-sent. */
  readonly retryDelay: readonly [min: number, max: number]
}

export const DEFAULT_NETWORK: NetworkOptions = {
  duplicateRate: 0.08,
  dropRate: 0.08,
  batchRate: 0.15,
  maxBatch: 6,
  retryDelay: [3, 40],
}

export interface NetworkStats {
  sent: number
  deliveries: number
  delivered: number
  duplicated: number
  dropped: number
}

export interface Network {
  readonly prng: Prng
  readonly options: NetworkOptions
  readonly inFlight: Message[]
  readonly retrying: Array<{ message: Message; at: number }>
  readonly stats: NetworkStats
  /** Network time, in delivery attempts. */
  time: number
}

/** One call to a replica's `apply`: possibly several envelopes, possibly with repeats. */
export interface Delivery {
  readonly to: number
  readonly envelopes: readonly Envelope[]
}

export const createNetwork = (prng: Prng, options: NetworkOptions = DEFAULT_NETWORK): Network => ({
  prng,
  options,
  inFlight: [],
  retrying: [],
  stats: { sent: 0, deliveries: 0, delivered: 0, duplicated: 0, dropped: 0 },
  time: 0,
})

export const send = (net: Network, message: Message): void => {
  net.inFlight.push(message)
  net.stats.sent++
}

export const broadcast = (
  net: Network,
  from: number,
  replicaCount: number,
  env: Envelope,
): void => {
  for (let to = 0; to < replicaCount; to++) if (to !== from) send(net, { from, to, env })
}

export const pending = (net: Network): number => net.inFlight.length + net.retrying.length

const takeRandom = (net: Network, filter?: (m: Message) => boolean): Message | undefined => {
  if (filter === undefined) {
    if (net.inFlight.length === 0) return undefined
    const i = int(net.prng, 0, net.inFlight.length - 1)
    // swap-remove: order in the queue means nothing, picks are random anyway
    const m = net.inFlight[i]!
    net.inFlight[i] = net.inFlight[net.inFlight.length - 1]!
    net.inFlight.pop()
    return m
  }
  const candidates: number[] = []
  for (let i = 0; i < net.inFlight.length; i++) if (filter(net.inFlight[i]!)) candidates.push(i)
  if (candidates.length === 0) return undefined
  const i = candidates[int(net.prng, 0, candidates.length - 1)]!
  const m = net.inFlight[i]!
  net.inFlight.splice(i, 1)
  return m
}

const releaseRetries = (net: Network, all: boolean): void => {
  for (let i = net.retrying.length - 1; i >= 0; i--) {
    const r = net.retrying[i]!
    if (all || r.at <= net.time) {
      net.inFlight.push(r.message)
      net.retrying.splice(i, 1)
    }
  }
}

/**
 * Picks what goes next. Returns undefined when the picked message was dropped (it will be
 * retried) or nothing is in flight. With `reliable`, no drops (used to finish a sync).
 */
export const nextDelivery = (net: Network, reliable = false): Delivery | undefined => {
  net.time++
  releaseRetries(net, net.inFlight.length === 0)
  const first = takeRandom(net)
  if (first === undefined) return undefined
  const { prng, options } = net
  if (!reliable && bool(prng, options.dropRate)) {
    net.stats.dropped++
    net.retrying.push({
      message: first,
      at: net.time + int(prng, options.retryDelay[0], options.retryDelay[1]),
    })
    return undefined
  }
  const envelopes: Envelope[] = [first.env]
  if (bool(prng, options.batchRate)) {
    const extra = int(prng, 1, options.maxBatch - 1)
    for (let i = 0; i < extra; i++) {
      const m = takeRandom(net, (x) => x.to === first.to)
      if (m === undefined) break
      envelopes.push(m.env)
    }
  }
  if (bool(prng, options.duplicateRate)) {
    net.stats.duplicated++
    const again = envelopes[int(prng, 0, envelopes.length - 1)]!
    // half the time in the same batch, half the time as a later message
    if (float(prng) < 0.5) envelopes.splice(int(prng, 0, envelopes.length), 0, again)
    else net.inFlight.push({ from: first.from, to: first.to, env: again })
  }
  net.stats.deliveries++
  net.stats.delivered += envelopes.length
  return { to: first.to, envelopes }
}

/** Puts every dropped message back in flight now. */
export const releaseAll = (net: Network): void => releaseRetries(net, true)
