/**
 * How long this process's event loop has been stalled, in total: the time it could not read
 * sockets because it was busy. Limits that judge a client by when its messages are read (rate
 * limits, the silence timeout) subtract it, so a client is never punished for the server's
 * own lateness: after a stall the messages a client sent meanwhile are read in one burst, and
 * were refused as a flood (the load benchmark closed hundreds of well-behaved sessions so).
 *
 * One per process, because the event loop is: a timer ticks every `TICK_MS` and counts how
 * late it ran; a stall still in progress (a burst being handled right now) counts too.
 */

const TICK_MS = 10
/** Lateness below this is scheduling noise, not a stall. */
const NOISE_MS = 5

export interface StallClock {
  /** Milliseconds the event loop has been stalled since the clock started (only grows). */
  stalledMs(): number
}

const startStallClock = (now: () => number = () => performance.now()): StallClock => {
  let stalled = 0
  let lastTick = now()
  const late = (at: number): number => Math.max(0, at - lastTick - TICK_MS - NOISE_MS)
  const timer = setInterval(() => {
    const at = now()
    stalled += late(at)
    lastTick = at
  }, TICK_MS)
  timer.unref()
  return {
    stalledMs: () => stalled + late(now()),
  }
}

let shared: StallClock | undefined

/** The process's stall clock, started on first use. */
export const processStallClock = (): StallClock => {
  shared ??= startStallClock()
  return shared
}
