/**
 * The Markdown tables of the load benchmark, from its results: the headline run against the
 * targets, the sweep of every system over N, and where the server's time went. Written next
 * to the JSON (`load.md`) and copied into the docs page, so the published figures come from a
 * run, not from typing.
 */
import type { LoadResults } from '../run.js'
import type { PointResult } from '../run-point.js'
import { saturation, targetsOf } from '../verdict.js'

const SYSTEM_NAMES = {
  ours: 'ours (designed)',
  naive: 'ours, naive fanout',
  yjs: 'Yjs reference (y-websocket)',
} as const

const n0 = (x: number): string => Math.round(x).toLocaleString('en-US')
const ms = (x: number): string => (x >= 100 ? n0(x) : x.toFixed(1))
const mib = (bytes: number): string => n0(bytes / 2 ** 20)
/** A server-side rate, or a dash when the server was too busy to say (see `serverAnswered`). */
const known = (p: PointResult, x: number): string => (p.serverAnswered ? n0(x) : '—')
const sum = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0)

const table = (head: string[], rows: string[][], right: number[] = []): string =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (right.includes(i) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n')

type Latency = PointResult['latencyMs'][keyof PointResult['latencyMs']]

/** A latency figure, or a dash when nothing arrived in the window to measure. */
const lat = (p: Latency, x: number): string => (p.count === 0 ? '—' : ms(x))

const latencyRow = (name: string, p: Latency) => [
  name,
  p.count === 0 ? '0 (none arrived)' : n0(p.count),
  lat(p, p.p50),
  lat(p, p.p95),
  lat(p, p.p99),
  lat(p, p.max),
]

export const pointDetail = (p: PointResult): string => {
  const errors = Object.entries(p.problems.errors)
  return [
    table(
      ['latency (ms)', 'samples', 'p50', 'p95', 'p99', 'max'],
      [
        latencyRow('text edit → each peer that sees it', p.latencyMs.editText),
        latencyRow('structure op → every peer', p.latencyMs.editStructure),
        latencyRow('cursor move → each peer that sees it', p.latencyMs.cursor),
        latencyRow(
          p.system === 'yjs' ? 'op → echo to its author' : 'op → ack to its author',
          p.latencyMs.ack,
        ),
        latencyRow("generator's own scheduling lag", p.latencyMs.schedulerLag),
      ],
      [1, 2, 3, 4, 5],
    ),
    '',
    table(
      ['figure', 'value'],
      [
        [
          'inbound events/s: offered / sent',
          `${n0(p.inbound.offeredPerS)} / ${n0(p.inbound.sentPerS)}`,
        ],
        [
          p.system === 'yjs'
            ? 'updates/s: sent / taken in by the server'
            : 'ops/s: sent / taken in by the server',
          `${n0(p.inbound.sentOpsPerS)} / ${known(p, p.inbound.serverOpsPerS)}`,
        ],
        [
          'outbound messages/s, frames/s, MB/s',
          p.serverAnswered
            ? `${n0(p.outbound.messagesPerS)}, ${n0(p.outbound.framesPerS)}, ${(p.outbound.bytesPerS / 1e6).toFixed(1)}`
            : 'not known (the server did not answer /metrics)',
        ],
        [
          'messages received per client per second (mean, median, p99, max)',
          `${n0(p.outbound.perClient.mean)}, ${n0(p.outbound.perClient.p50)}, ${n0(p.outbound.perClient.p99)}, ${n0(p.outbound.perClient.max)}`,
        ],
        [
          'server CPU (cores, mean / busiest second), RSS max',
          `${p.server.cpuCores.toFixed(2)} / ${p.server.cpuCoresMax.toFixed(2)}, ${mib(p.server.rssMaxBytes)} MiB`,
        ],
        [
          'server event-loop delay (median of p99 per 2 s, max)',
          p.serverAnswered
            ? `${ms(p.server.loopP99Ms)} ms, ${ms(p.server.loopMaxMs)} ms`
            : 'not known (the server did not answer /metrics)',
        ],
        [
          'load generator CPU (cores), event-loop p99',
          `${p.generator.cpuCores.toFixed(2)}, ${ms(p.generator.loopP99Ms)} ms`,
        ],
        [
          'other processes on the machine (cores of 2)',
          `${p.machine.otherCores.toFixed(2)} (machine busy ${p.machine.busyCores.toFixed(2)})`,
        ],
        [
          'sessions joined (failed), in',
          `${n0(p.joined.sessions)} (${p.joined.failed}), ${p.joined.seconds.toFixed(1)} s`,
        ],
        ['errors', errors.length === 0 ? '0' : errors.map(([k, n]) => `${k}: ${n}`).join('<br>')],
        [
          'rejections (conflicts lost, MOVE-2 / MOVE-1 / CREATE-1)',
          Object.entries(p.problems.conflicts)
            .map(([k, n]) => `${k}: ${n}`)
            .join(', ') || '0',
        ],
        [
          'reconnects, lagging resyncs, cursor/presence messages dropped',
          `${p.problems.reconnects}, ${p.problems.lagging}, ${p.problems.ephemeralDropped}`,
        ],
        ['a session joining after the run', p.problems.lateJoin ?? 'gets the document'],
        [
          'divergence (observers ≠ server export)',
          `${p.divergence.checked ? p.divergence.diverged : 'not checked'} of ${p.divergence.observers}${p.divergence.detail.length > 0 ? `: ${p.divergence.detail.join('; ')}` : ''}`,
        ],
      ],
    ),
  ].join('\n')
}

const sweepRow = (p: PointResult): string[] => {
  const stops = saturation(p)
  return [
    SYSTEM_NAMES[p.system],
    n0(p.editors),
    n0(p.agents),
    n0(p.inbound.offeredPerS),
    `${known(p, p.inbound.serverOpsPerS)} / ${n0(p.inbound.sentOpsPerS)}`,
    known(p, p.outbound.messagesPerS),
    known(p, p.outbound.framesPerS),
    n0(p.outbound.perClient.mean),
    p.latencyMs.editText.count === 0
      ? 'none arrived'
      : `${ms(p.latencyMs.editText.p50)} / ${ms(p.latencyMs.editText.p99)}`,
    lat(p.latencyMs.cursor, p.latencyMs.cursor.p99),
    lat(p.latencyMs.ack, p.latencyMs.ack.p99),
    p.server.cpuCores.toFixed(2),
    mib(p.server.rssMaxBytes),
    p.serverAnswered ? ms(p.server.loopP99Ms) : '—',
    p.generator.cpuCores.toFixed(2),
    p.machine.otherCores.toFixed(2),
    String(sum(p.problems.errors) + p.problems.reconnects + (p.problems.lateJoin === null ? 0 : 1)),
    String(p.divergence.diverged),
    stops.length === 0 ? 'yes' : `**no**: ${stops.join('; ')}`,
  ]
}

export const loadMarkdown = (results: LoadResults): string => {
  const parts: string[] = []
  const { machine, headline } = results
  if (headline !== null) {
    parts.push(
      `### Headline: our server, N = ${n0(headline.editors)} editors + ${n0(headline.agents)} agents, ${headline.windowS.toFixed(0)} s measured`,
      '',
      table(
        ['target', 'measured', 'met'],
        targetsOf(headline).map((t) => [t.text, t.value, t.met ? '✓' : '✗']),
      ),
      '',
      pointDetail(headline),
      '',
    )
    if (headline.profile !== undefined) {
      parts.push(
        `Where the server's time went in the window (CPU profile, ${n0(headline.profile.sampledMs)} ms sampled; self time by area):`,
        '',
        table(
          ['area', 'share'],
          headline.profile.byArea.map((a) => [a.name, `${(100 * a.share).toFixed(1)}%`]),
          [1],
        ),
        '',
      )
    }
  }
  if (results.sweep.length > 0) {
    parts.push(
      '### Sweep over N',
      '',
      table(
        [
          'system',
          'N',
          'agents',
          'offered events/s',
          'ops/s at server / sent',
          'msgs out/s',
          'frames out/s',
          'msgs/client/s',
          'edit→peer p50 / p99 ms',
          'cursor p99 ms',
          'ack p99 ms',
          'server CPU (cores)',
          'server RSS MiB',
          'loop p99 ms',
          'generator CPU',
          'others CPU',
          'errors',
          'diverged',
          'keeps up',
        ],
        results.sweep.map(sweepRow),
        [1, 2, 3, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17],
      ),
      '',
    )
  }
  const starts = [...(headline === null ? [] : [headline]), ...results.sweep].map(
    (p) => p.window.start,
  )
  const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
  parts.push(
    `Measured ${when(Math.min(...starts))}–${when(Math.max(...starts)).slice(11)} UTC on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}` +
      (results.source === null
        ? ''
        : `, commit ${results.source.commit}${results.source.serverChanged ? ' plus uncommitted server changes' : ''}`) +
      `; load average ${machine.loadAverageBefore.map((x) => x.toFixed(1)).join('/')} before, ${machine.loadAverageAfter.map((x) => x.toFixed(1)).join('/')} after.`,
  )
  return `${parts.join('\n')}\n`
}
