/**
 * The server's Prometheus metrics, on a Registry of their own: never prom-client's global one,
 * so several servers in one process (as in tests) each count their own traffic and never fail
 * on a metric registered twice.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks'
import { PROTOCOL_ERROR_CODES } from '@markdownsync/core'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** What became of an op a client sent. */
export const OP_RESULTS = ['applied', 'duplicate', 'rejected'] as const
export type OpResult = (typeof OP_RESULTS)[number]

/** 1 ms to 1 s: a group commit slower than a second is an outage, not a latency. */
export const COMMIT_LATENCY_BUCKETS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1,
] as const
/** Up to PROTOCOL_LIMITS.maxAcksPerMessage (1000). */
export const ACK_BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const

export interface ServerMetricsOptions {
  /**
   * Also collect prom-client's process metrics (CPU, memory, GC, `nodejs_eventloop_lag_*`).
   * Defaults to true. prom-client offers no way to stop its event-loop monitor and GC
   * observer, so tests that build many servers may turn this off; they keep no process alive.
   */
  readonly defaultMetrics?: boolean
}

export interface ServerMetrics {
  readonly registry: Registry
  /** The Content-Type of `metrics()`'s text (Prometheus exposition format 0.0.4). */
  readonly contentType: string
  readonly sessions: Gauge
  readonly documentsOpen: Gauge
  readonly partitions: Gauge
  readonly laggingSessions: Gauge
  readonly opsIn: Counter<'result'>
  readonly messagesOut: Counter
  readonly framesOut: Counter
  readonly bytesOut: Counter
  readonly ephemeralDropped: Counter
  readonly protocolErrors: Counter<'code'>
  readonly commitLatency: Histogram
  readonly ackBatchSize: Histogram
  readonly eventLoopDelayP99: Gauge
  /** The registry's text, for the `/metrics` route. */
  metrics(): Promise<string>
  /** Stops the event-loop monitor and drops every metric. Safe to call twice. */
  close(): void
}

export const createServerMetrics = (options: ServerMetricsOptions = {}): ServerMetrics => {
  const registry = new Registry()
  const registers = [registry]
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry })

  const gauge = (name: string, help: string): Gauge => new Gauge({ name, help, registers })
  const counter = (name: string, help: string): Counter => new Counter({ name, help, registers })

  const opsIn = new Counter({
    name: 'markdownsync_ops_in_total',
    help: 'Durable ops received from clients, by what became of them.',
    labelNames: ['result'] as const,
    registers,
  })
  const protocolErrors = new Counter({
    name: 'markdownsync_protocol_errors_total',
    help: 'Client frames that failed to decode, by protocol error code.',
    labelNames: ['code'] as const,
    registers,
  })
  // Known label values start at 0, so a rate() over them works before the first event.
  for (const result of OP_RESULTS) opsIn.inc({ result }, 0)
  for (const code of PROTOCOL_ERROR_CODES) protocolErrors.inc({ code }, 0)

  // Our own monitor, not prom-client's, so that close() can stop it. Its p99 is over the time
  // since the previous scrape, like prom-client's nodejs_eventloop_lag_p99_seconds.
  let monitor: IntervalHistogram | undefined = monitorEventLoopDelay({ resolution: 10 })
  monitor.enable()
  const eventLoopDelayP99 = new Gauge({
    name: 'markdownsync_eventloop_delay_p99_seconds',
    help: 'p99 of the event loop delay since the previous scrape, in seconds.',
    registers,
    collect() {
      if (monitor === undefined) return
      eventLoopDelayP99.set(monitor.percentile(99) / 1e9)
      monitor.reset()
    },
  })

  return {
    registry,
    contentType: registry.contentType,
    sessions: gauge('markdownsync_sessions', 'Open sessions (one per connection and document).'),
    documentsOpen: gauge('markdownsync_documents_open', 'Documents loaded in memory.'),
    partitions: gauge('markdownsync_partitions', 'Block partitions loaded in memory.'),
    laggingSessions: gauge(
      'markdownsync_lagging_sessions',
      'Sessions marked lagging, waiting for a catch-up.',
    ),
    opsIn,
    messagesOut: counter('markdownsync_messages_out_total', 'Protocol messages sent to clients.'),
    framesOut: counter('markdownsync_frames_out_total', 'WebSocket frames sent to clients.'),
    bytesOut: counter('markdownsync_bytes_out_total', 'Bytes of WebSocket frames sent to clients.'),
    ephemeralDropped: counter(
      'markdownsync_ephemeral_dropped_total',
      'Cursor and presence messages dropped because a socket buffer was full.',
    ),
    protocolErrors,
    commitLatency: new Histogram({
      name: 'markdownsync_commit_latency_seconds',
      help: 'Time from an op batch being queued to its commit to the op log.',
      buckets: [...COMMIT_LATENCY_BUCKETS],
      registers,
    }),
    ackBatchSize: new Histogram({
      name: 'markdownsync_ack_batch_size',
      help: 'Entries in one ack message.',
      buckets: [...ACK_BATCH_SIZE_BUCKETS],
      registers,
    }),
    eventLoopDelayP99,
    metrics: () => registry.metrics(),
    close: () => {
      monitor?.disable()
      monitor = undefined
      registry.clear()
    },
  }
}
