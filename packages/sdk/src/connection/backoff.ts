/**
 * Reconnection delays: exponential backoff with "equal jitter" (half fixed, half random), so a
 * thousand clients dropped by one server restart do not come back in the same millisecond.
 * Rate limits and full rooms (4429, 4413) wait at least `slowFloorMs`.
 */
export interface BackoffOptions {
  /** The delay before the first reconnect attempt, before jitter. Default 500 ms. */
  readonly minDelayMs?: number
  /** The longest delay. Default 10 s. */
  readonly maxDelayMs?: number
  /** Growth per failed attempt. Default 2. */
  readonly factor?: number
  /** The random share of each delay, 0–1. Default 0.5. */
  readonly jitter?: number
  /** The least delay after 4429 (rate limited) or 4413 (room full). Default 5 s. */
  readonly slowFloorMs?: number
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  minDelayMs: 500,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.5,
  slowFloorMs: 5_000,
}

/** The delay before attempt `failures` (1 = the first retry), in ms. */
export const backoffDelay = (
  failures: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
  slow = false,
): number => {
  if (failures <= 0) return 0
  const o = { ...DEFAULT_BACKOFF, ...options }
  let delay = Math.min(o.maxDelayMs, o.minDelayMs * o.factor ** (failures - 1))
  if (slow) delay = Math.max(delay, o.slowFloorMs)
  return Math.round(delay * (1 - o.jitter * random()))
}
