/**
 * Latency histograms: logarithmic buckets 1% wide (HdrHistogram's idea, simplified), so a
 * percentile is within 1% of the truth whatever the scale, recording is O(1), and histograms
 * from several processes add up bucket by bucket.
 */

const GROWTH = 1.01
const LOG_GROWTH = Math.log(GROWTH)
/** Up to ~10 minutes; anything longer lands in the last bucket. */
const BUCKETS = Math.ceil(Math.log(600_001) / LOG_GROWTH) + 1

export interface HistogramData {
  readonly counts: Record<number, number>
  readonly count: number
  readonly sum: number
  readonly max: number
}

export interface Percentiles {
  readonly count: number
  readonly mean: number
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
}

export class Histogram {
  private counts = new Float64Array(BUCKETS)
  count = 0
  sum = 0
  max = 0

  /** Records a value in ms (negative values, from clock granularity, count as 0). */
  record(ms: number): void {
    const v = Math.max(0, ms)
    const i = Math.min(BUCKETS - 1, Math.floor(Math.log(v + 1) / LOG_GROWTH))
    this.counts[i]!++
    this.count++
    this.sum += v
    if (v > this.max) this.max = v
  }

  reset(): void {
    this.counts.fill(0)
    this.count = 0
    this.sum = 0
    this.max = 0
  }

  /** A sparse, JSON-safe copy (to send between processes). */
  data(): HistogramData {
    const counts: Record<number, number> = {}
    this.counts.forEach((n, i) => {
      if (n > 0) counts[i] = n
    })
    return { counts, count: this.count, sum: this.sum, max: this.max }
  }

  add(data: HistogramData): void {
    for (const [i, n] of Object.entries(data.counts)) this.counts[Number(i)]! += n
    this.count += data.count
    this.sum += data.sum
    if (data.max > this.max) this.max = data.max
  }

  percentile(p: number): number {
    if (this.count === 0) return 0
    const rank = Math.ceil((p / 100) * this.count)
    let seen = 0
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!
      if (seen >= rank) return Math.min(this.max, (GROWTH ** i + GROWTH ** (i + 1)) / 2 - 1)
    }
    return this.max
  }

  summary(): Percentiles {
    return {
      count: this.count,
      mean: this.count === 0 ? 0 : this.sum / this.count,
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
      max: this.max,
    }
  }

  static of(...data: HistogramData[]): Histogram {
    const h = new Histogram()
    for (const d of data) h.add(d)
    return h
  }
}
