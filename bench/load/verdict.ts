/**
 * How a point is judged. `targetsOf` holds it to issue 7's targets (at N = 1,000 with the full
 * traffic); `saturation` says whether the system has stopped keeping up, which ends its sweep.
 */
import type { Percentiles } from './measure/histogram.js'
import type { PointResult } from './run-point.js'

export interface TargetCheck {
  readonly text: string
  readonly value: string
  readonly met: boolean
}

const GIB = 1024 ** 3
const totalOf = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0)

const latencyTarget = (
  text: string,
  figures: Percentiles,
  which: 'p50' | 'p99',
  limitMs: number,
): TargetCheck =>
  figures.count === 0
    ? { text, value: 'none arrived in the window', met: false }
    : { text, value: `${figures[which].toFixed(1)} ms`, met: figures[which] <= limitMs }

export const targetsOf = (p: PointResult): TargetCheck[] => {
  const achieved = p.serverAnswered
    ? p.inbound.serverOpsPerS / Math.max(1, p.inbound.sentOpsPerS)
    : 0
  const sent = p.inbound.sentPerS / Math.max(1, p.inbound.offeredPerS)
  const errors =
    totalOf(p.problems.errors) + p.problems.reconnects + (p.problems.lateJoin === null ? 0 : 1)
  return [
    {
      text: 'achieved = offered',
      value: p.serverAnswered
        ? `${(100 * Math.min(sent, achieved)).toFixed(1)}% (sent ${(100 * sent).toFixed(1)}%, ops at server ${(100 * achieved).toFixed(1)}%)`
        : `not known: the server did not answer /metrics (sent ${(100 * sent).toFixed(1)}%)`,
      met: sent >= 0.98 && achieved >= 0.98,
    },
    latencyTarget('edit→peer p50 ≤ 30 ms', p.latencyMs.editText, 'p50', 30),
    latencyTarget('edit→peer p99 ≤ 100 ms', p.latencyMs.editText, 'p99', 100),
    latencyTarget('cursor p99 ≤ 150 ms', p.latencyMs.cursor, 'p99', 150),
    {
      text: 'zero divergence',
      value: p.divergence.checked
        ? String(p.divergence.diverged)
        : 'not checked: the server did not export the document in time',
      met: p.divergence.checked && p.divergence.diverged === 0,
    },
    { text: 'zero errors', value: String(errors), met: errors === 0 },
    {
      text: 'server RSS ≤ 1 GiB',
      value: `${(p.server.rssMaxBytes / 2 ** 20).toFixed(0)} MiB`,
      met: p.server.rssMaxBytes <= GIB,
    },
  ]
}

/** Why the system no longer keeps up at this point (empty: it does). */
export const saturation = (p: PointResult): string[] => {
  const reasons: string[] = []
  if (p.inbound.sentPerS < 0.95 * p.inbound.offeredPerS)
    reasons.push('the generator could not send what was offered')
  if (p.inbound.serverOpsPerS < 0.95 * p.inbound.sentOpsPerS)
    reasons.push('the server took in fewer ops than were sent')
  if (p.latencyMs.editText.p99 > 1_000) reasons.push('edit→peer p99 over 1 s')
  if (p.latencyMs.editText.count === 0) reasons.push('no edit reached a peer')
  if (p.problems.reconnects > 0) reasons.push(`${p.problems.reconnects} sessions dropped`)
  if (p.divergence.diverged > 0) reasons.push('observers diverged')
  if (!p.divergence.checked) reasons.push('the server did not answer after the traffic stopped')
  return reasons
}
