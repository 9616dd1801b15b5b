/**
 * A token bucket: `capacity` tokens of burst, refilled continuously at `refillPerSecond`.
 * The clock is injected (milliseconds, monotonic by default) so tests never sleep.
 *
 * Invariants: 0 ≤ tokens ≤ capacity, plus what the server's stalls owe (see `stalledMs`); a
 * wait returned by `take` is never negative, and after waiting it (with nothing else taken
 * meanwhile) the same `take` succeeds.
 */

export interface TokenBucketOptions {
  /** Most tokens the bucket holds: the burst allowed after a quiet period. */
  readonly capacity: number
  /** Tokens added per second, continuously. 0 makes a bucket that never refills. */
  readonly refillPerSecond: number
  /** Milliseconds on any monotonic scale; defaults to performance.now. */
  readonly now?: () => number
  /**
   * Milliseconds the reader was stalled so far, on the same scale (stall-clock.ts). Traffic
   * that arrived during a stall is read in one burst; the refill it earned meanwhile is not
   * capped at `capacity`, so a client keeping to the rate is not refused for the reader's
   * lateness.
   */
  readonly stalledMs?: () => number
}

// Refill arithmetic in floats can leave 0.9999999999 where 1 was meant; a token that is
// missing by less than this is treated as there, so a caller who waited exactly is let in.
const EPSILON = 1e-9

export class TokenBucket {
  readonly capacity: number
  readonly refillPerSecond: number
  readonly #now: () => number
  readonly #stalledMs: () => number
  #tokens: number
  #last: number
  #lastStalled: number

  constructor(options: TokenBucketOptions) {
    const { capacity, refillPerSecond } = options
    if (!(Number.isFinite(capacity) && capacity > 0))
      throw new RangeError('capacity must be a positive finite number')
    if (!(Number.isFinite(refillPerSecond) && refillPerSecond >= 0))
      throw new RangeError('refillPerSecond must be a finite number ≥ 0')
    this.capacity = capacity
    this.refillPerSecond = refillPerSecond
    this.#now = options.now ?? (() => performance.now())
    this.#stalledMs = options.stalledMs ?? (() => 0)
    this.#tokens = capacity
    this.#last = this.#now()
    this.#lastStalled = this.#stalledMs()
  }

  /** Tokens available now (fractional while refilling). */
  get available(): number {
    this.#refill()
    return this.#tokens
  }

  /**
   * Takes `cost` tokens if they are there and returns 0; otherwise takes nothing and returns
   * the milliseconds (rounded up) until they will be. A cost above capacity can never be paid,
   * however long the caller waits, so it returns Infinity: the caller must refuse or split the
   * request, not retry it. A bucket that does not refill returns Infinity when empty.
   */
  take(cost = 1): number {
    if (!(Number.isFinite(cost) && cost >= 0))
      throw new RangeError('cost must be a finite number ≥ 0')
    if (cost > this.capacity) return Number.POSITIVE_INFINITY
    this.#refill()
    if (this.#tokens + EPSILON >= cost) {
      this.#tokens = Math.max(0, this.#tokens - cost)
      return 0
    }
    if (this.refillPerSecond === 0) return Number.POSITIVE_INFINITY
    return Math.max(1, Math.ceil(((cost - this.#tokens) * 1000) / this.refillPerSecond))
  }

  #refill(): void {
    const now = this.#now()
    // A clock that steps back (an injected one, or a non-monotonic source) adds nothing.
    if (now <= this.#last) return
    const stalled = this.#stalledMs()
    const owed = (Math.max(0, stalled - this.#lastStalled) * this.refillPerSecond) / 1000
    // the cap limits what a refill adds; it never takes back tokens a stall left above it,
    // which the rest of the burst read after the stall still spends
    this.#tokens = Math.max(
      this.#tokens,
      Math.min(
        Math.max(this.capacity, this.#tokens) + owed,
        this.#tokens + ((now - this.#last) * this.refillPerSecond) / 1000,
      ),
    )
    this.#last = now
    // a stall clock net of something may step back; only what it adds later is owed
    this.#lastStalled = Math.max(this.#lastStalled, stalled)
  }
}
