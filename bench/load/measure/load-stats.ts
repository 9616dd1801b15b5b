/**
 * What one generator process measures, for every system alike. Latencies and counts are kept
 * only inside the measured window (`measuring`); counters are plain objects so that the
 * coordinator can add up several processes.
 */
import { Histogram, type HistogramData } from './histogram.js'

export const LATENCIES = [
  /** Send of a text (content) edit to its arrival at a peer session. */
  'editText',
  /** Send of a structure op (insert, split, merge, move, delete) to its arrival at a peer. */
  'editStructure',
  /** Send of a cursor move to its arrival at a peer that sees it. */
  'cursor',
  /** Send of an op to its acknowledgement at its author. */
  'ack',
  /** How late the generator ran its scheduled events (its own lag, not the server's). */
  'schedulerLag',
] as const
export type LatencyName = (typeof LATENCIES)[number]

export interface StatsData {
  readonly latencies: Record<LatencyName, HistogramData>
  readonly counters: Record<string, number>
  /** Messages each actor received in the window. */
  readonly receivedPerActor: number[]
  readonly windowMs: number
}

export class LoadStats {
  measuring = false
  windowStart = 0
  windowEnd = 0
  readonly latency = Object.fromEntries(LATENCIES.map((n) => [n, new Histogram()])) as Record<
    LatencyName,
    Histogram
  >
  counters: Record<string, number> = {}
  receivedPerActor: number[] = []

  count(name: string, n = 1): void {
    if (this.measuring) this.counters[name] = (this.counters[name] ?? 0) + n
  }

  /** Counted always, as `always.<name>` (errors, reconnects): they matter outside the window too. */
  countAlways(name: string, n = 1): void {
    const key = `always.${name}`
    this.counters[key] = (this.counters[key] ?? 0) + n
  }

  record(name: LatencyName, ms: number): void {
    if (this.measuring) this.latency[name].record(ms)
  }

  received(actor: number, messages: number): void {
    if (this.measuring)
      this.receivedPerActor[actor] = (this.receivedPerActor[actor] ?? 0) + messages
  }

  start(actors: number): void {
    for (const h of Object.values(this.latency)) h.reset()
    const always = Object.entries(this.counters).filter(([k]) => k.startsWith('always.'))
    this.counters = Object.fromEntries(always)
    this.receivedPerActor = new Array(actors).fill(0)
    this.windowStart = Date.now()
    this.measuring = true
  }

  stop(): void {
    this.measuring = false
    this.windowEnd = Date.now()
  }

  data(): StatsData {
    return {
      latencies: Object.fromEntries(
        LATENCIES.map((n) => [n, this.latency[n].data()]),
      ) as StatsData['latencies'],
      counters: { ...this.counters },
      receivedPerActor: this.receivedPerActor,
      windowMs: (this.windowEnd || Date.now()) - this.windowStart,
    }
  }
}
