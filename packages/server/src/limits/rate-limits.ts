/**
 * Per-session rate limits, one token bucket per class of traffic, so that a flood of cursor
 * moves cannot starve a session's edits and one noisy session cannot starve the document.
 * Costs are counted per item: an `ops` message of 40 envelopes costs 40.
 */
import type { UserKind } from '@markdownsync/core'
import { TokenBucket } from './token-bucket.js'

export interface BucketLimits {
  readonly refillPerSecond: number
  readonly capacity: number
}

/**
 * The defaults. Every burst holds at least one maximal message of its class (a 500-op batch
 * fits in the ops burst; a test checks it against PROTOCOL_LIMITS), so a well-formed message is
 * delayed at worst, never refused outright.
 */
export const SESSION_RATE_LIMITS = {
  /** Durable ops of a human's session. */
  ops: { refillPerSecond: 200, capacity: 1000 },
  /** Agents edit faster than people type and are budgeted separately, as their own tier. */
  agentOps: { refillPerSecond: 500, capacity: 2000 },
  /** Presence updates and cursor moves together: both are ephemeral and shown at 10 Hz. */
  presence: { refillPerSecond: 30, capacity: 60 },
  viewport: { refillPerSecond: 10, capacity: 20 },
  /** Custom broadcast events. */
  events: { refillPerSecond: 20, capacity: 40 },
  /** `catch_up_request` messages. */
  catchUp: { refillPerSecond: 10, capacity: 20 },
} as const satisfies Record<string, BucketLimits>

export const TRAFFIC_KINDS = ['ops', 'presence', 'viewport', 'events', 'catchUp'] as const
export type TrafficKind = (typeof TRAFFIC_KINDS)[number]

export interface SessionRateLimitsOptions {
  /** Agents get the `agentOps` tier for their ops. Defaults to human. */
  readonly kind?: UserKind
  /** Per-deployment overrides of the defaults; `ops` overrides the tier the kind selects. */
  readonly limits?: Partial<Record<TrafficKind, BucketLimits>>
  readonly now?: () => number
  /** The reader's stalls on the `now` scale (token-bucket.ts); none by default. */
  readonly stalledMs?: () => number
}

export class SessionRateLimits {
  readonly #buckets: Record<TrafficKind, TokenBucket>

  constructor(options: SessionRateLimitsOptions = {}) {
    const defaults: Record<TrafficKind, BucketLimits> = {
      ...SESSION_RATE_LIMITS,
      ops: options.kind === 'agent' ? SESSION_RATE_LIMITS.agentOps : SESSION_RATE_LIMITS.ops,
    }
    const bucket = (kind: TrafficKind): TokenBucket =>
      new TokenBucket({
        ...(options.limits?.[kind] ?? defaults[kind]),
        ...(options.now === undefined ? {} : { now: options.now }),
        ...(options.stalledMs === undefined ? {} : { stalledMs: options.stalledMs }),
      })
    this.#buckets = {
      ops: bucket('ops'),
      presence: bucket('presence'),
      viewport: bucket('viewport'),
      events: bucket('events'),
      catchUp: bucket('catchUp'),
    }
  }

  /** 0 when the traffic may pass, else the milliseconds to wait (Infinity: it never will). */
  take(kind: TrafficKind, cost = 1): number {
    return this.#buckets[kind].take(cost)
  }
}
