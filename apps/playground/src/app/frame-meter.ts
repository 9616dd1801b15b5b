/**
 * This tab's frame times: the interval between consecutive animation frames over the last few
 * seconds. A frame that takes long to come is the main thread being busy (rendering a crowd's
 * edits and carets), which is what a user feels as jank.
 */

export interface FrameTimes {
  /** Frames in the window. */
  readonly frames: number
  readonly p50: number
  readonly p95: number
  readonly max: number
}

export class FrameMeter {
  private times: number[] = []
  private intervals: number[] = []

  constructor(private readonly windowMs = 5_000) {}

  /** A frame at `now` (ms) that came `interval` ms after the previous one. */
  record(now: number, interval: number): void {
    this.times.push(now)
    this.intervals.push(interval)
    let drop = 0
    while (drop < this.times.length && now - (this.times[drop] as number) > this.windowMs) drop++
    if (drop > 0) {
      this.times = this.times.slice(drop)
      this.intervals = this.intervals.slice(drop)
    }
  }

  summary(): FrameTimes {
    const sorted = [...this.intervals].sort((a, b) => a - b)
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
    return { frames: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 }
  }
}

/** Feeds `meter` from requestAnimationFrame until the returned function is called. */
export const watchFrames = (meter: FrameMeter): (() => void) => {
  let previous: number | undefined
  let handle = requestAnimationFrame(function frame(now) {
    if (previous !== undefined) meter.record(now, now - previous)
    previous = now
    handle = requestAnimationFrame(frame)
  })
  return () => cancelAnimationFrame(handle)
}
