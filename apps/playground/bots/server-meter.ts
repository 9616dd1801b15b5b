/**
 * The server's figures for the panel, from its Prometheus `/metrics`: the session gauge, and
 * rates of the op and message counters over the last few seconds of scrapes. A scrape happens
 * when figures are asked for and the last one is older than a second, so nothing runs while
 * nobody looks.
 */
import type { ServerFigures } from './stats.js'

interface Scrape {
  readonly at: number
  readonly sessions: number
  readonly opsIn: number
  readonly messagesOut: number
  readonly bytesOut: number
}

/** Rates span the scrapes of the last few seconds, to smooth a Poisson traffic. */
const WINDOW_MS = 3_000
const FRESH_MS = 900

/** `name{labels} value` lines of the Prometheus text format, summed over labels. */
export const metricSum = (text: string, name: string): number => {
  let sum = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue
    const next = line[name.length]
    if (next !== ' ' && next !== '{') continue
    sum += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return sum
}

export class ServerMeter {
  private scrapes: Scrape[] = []
  private pending: Promise<void> | undefined

  /** `base`: the server's HTTP address (`http://127.0.0.1:4455`). */
  constructor(private readonly base: string) {}

  /** The figures now, or null when the server does not answer. */
  async figures(): Promise<{ figures: ServerFigures | null; windowS: number }> {
    const last = this.scrapes.at(-1)
    if (last === undefined || performance.now() - last.at > FRESH_MS) {
      this.pending ??= this.scrape().finally(() => {
        this.pending = undefined
      })
      await this.pending
    }
    const newest = this.scrapes.at(-1)
    const oldest = this.scrapes[0]
    if (newest === undefined || oldest === undefined || performance.now() - newest.at > 10_000)
      return { figures: null, windowS: 0 }
    const seconds = (newest.at - oldest.at) / 1000
    const rate = (pick: (s: Scrape) => number) =>
      seconds > 0 ? Math.max(0, (pick(newest) - pick(oldest)) / seconds) : 0
    const opsInPerS = rate((s) => s.opsIn)
    const messagesOutPerS = rate((s) => s.messagesOut)
    return {
      windowS: seconds,
      figures: {
        sessions: newest.sessions,
        opsInPerS,
        messagesOutPerS,
        bytesOutPerS: rate((s) => s.bytesOut),
        fanout: opsInPerS > 0 ? messagesOutPerS / opsInPerS : null,
      },
    }
  }

  private async scrape(): Promise<void> {
    let text: string
    try {
      const response = await fetch(`${this.base}/metrics`, { signal: AbortSignal.timeout(5_000) })
      if (!response.ok) return
      text = await response.text()
    } catch {
      return
    }
    const at = performance.now()
    this.scrapes.push({
      at,
      sessions: metricSum(text, 'markdownsync_sessions'),
      opsIn: metricSum(text, 'markdownsync_ops_in_total'),
      messagesOut: metricSum(text, 'markdownsync_messages_out_total'),
      bytesOut: metricSum(text, 'markdownsync_bytes_out_total'),
    })
    // keep the newest scrape at least WINDOW_MS older than the last, when there is one
    while (this.scrapes.length > 2 && at - this.scrapes[1]!.at >= WINDOW_MS) this.scrapes.shift()
  }
}
