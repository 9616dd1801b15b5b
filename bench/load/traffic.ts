/**
 * The traffic schedule: each actor's events of each kind arrive as a Poisson process at its
 * rate (exponential gaps), merged in one timer-driven queue. An event runs as soon as it is
 * due; how late it ran is the generator's own lag, measured apart from the server's.
 */
import type { LoadStats } from './measure/load-stats.js'

export interface Stream<K extends string> {
  readonly actor: number
  readonly kind: K
  readonly perSecond: number
}

interface Due<K extends string> {
  at: number
  readonly stream: Stream<K>
}

/** A binary min-heap of due times. */
class DueQueue<K extends string> {
  private readonly items: Due<K>[] = []

  get size(): number {
    return this.items.length
  }

  peek(): Due<K> | undefined {
    return this.items[0]
  }

  push(item: Due<K>): void {
    const a = this.items
    a.push(item)
    let i = a.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (a[parent]!.at <= a[i]!.at) break
      ;[a[parent], a[i]] = [a[i]!, a[parent]!]
      i = parent
    }
  }

  pop(): Due<K> | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length > 0 && last !== undefined) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && a[l]!.at < a[m]!.at) m = l
        if (r < a.length && a[r]!.at < a[m]!.at) m = r
        if (m === i) break
        ;[a[m], a[i]] = [a[i]!, a[m]!]
        i = m
      }
    }
    return top
  }
}

export class TrafficSchedule<K extends string> {
  private readonly queue = new DueQueue<K>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private running = false

  constructor(
    streams: readonly Stream<K>[],
    private readonly random: () => number,
    private readonly run: (stream: Stream<K>) => void,
    private readonly stats: LoadStats,
  ) {
    const now = performance.now()
    for (const stream of streams)
      if (stream.perSecond > 0) this.queue.push({ at: now + this.gap(stream), stream })
  }

  private gap(stream: Stream<K>): number {
    return (-Math.log(1 - this.random()) / stream.perSecond) * 1000
  }

  start(): void {
    this.running = true
    this.tick()
  }

  stop(): void {
    this.running = false
    if (this.timer !== undefined) clearTimeout(this.timer)
  }

  private tick = (): void => {
    if (!this.running) return
    const now = performance.now()
    // a bounded slice per turn, so that a generator running late still reads its sockets
    let budget = 2_000
    for (
      let due = this.queue.peek();
      due !== undefined && due.at <= now && budget-- > 0;
      due = this.queue.peek()
    ) {
      this.queue.pop()
      this.stats.count(`offered.${due.stream.kind}`)
      this.stats.record('schedulerLag', now - due.at)
      this.run(due.stream)
      due.at += this.gap(due.stream)
      this.queue.push(due)
    }
    const next = this.queue.peek()
    const wait = next === undefined ? 50 : Math.max(0, next.at - performance.now())
    this.timer = setTimeout(this.tick, wait < 1 ? 0 : wait)
  }
}
