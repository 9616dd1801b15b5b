import { afterEach, describe, expect, it } from 'vitest'
import { createServerMetrics, type ServerMetrics } from '../src/metrics.js'

const open: ServerMetrics[] = []
const create = (...args: Parameters<typeof createServerMetrics>): ServerMetrics => {
  const metrics = createServerMetrics(...args)
  open.push(metrics)
  return metrics
}
afterEach(() => {
  for (const metrics of open.splice(0)) metrics.close()
})

describe('createServerMetrics', () => {
  it('exposes every MarkdownSync metric and the event-loop lag', async () => {
    const text = await create().metrics()
    for (const name of [
      'markdownsync_sessions',
      'markdownsync_documents_open',
      'markdownsync_partitions',
      'markdownsync_lagging_sessions',
      'markdownsync_ops_in_total',
      'markdownsync_messages_out_total',
      'markdownsync_frames_out_total',
      'markdownsync_bytes_out_total',
      'markdownsync_ephemeral_dropped_total',
      'markdownsync_protocol_errors_total',
      'markdownsync_commit_latency_seconds',
      'markdownsync_ack_batch_size',
      'markdownsync_eventloop_delay_p99_seconds',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `)
    }
  })

  it('serves the Prometheus text content type', () => {
    expect(create().contentType).toBe('text/plain; version=0.0.4; charset=utf-8')
  })

  it('counts ops by result, every result visible from zero', async () => {
    const metrics = create({ defaultMetrics: false })
    metrics.opsIn.inc({ result: 'applied' }, 3)
    const text = await metrics.metrics()
    expect(text).toContain('markdownsync_ops_in_total{result="applied"} 3')
    expect(text).toContain('markdownsync_ops_in_total{result="rejected"} 0')
  })

  it('commit latency buckets run from 1 ms to 1 s', async () => {
    const metrics = create({ defaultMetrics: false })
    metrics.commitLatency.observe(0.004)
    const text = await metrics.metrics()
    expect(text).toContain('markdownsync_commit_latency_seconds_bucket{le="0.001"} 0')
    expect(text).toContain('markdownsync_commit_latency_seconds_bucket{le="0.005"} 1')
    expect(text).toContain('markdownsync_commit_latency_seconds_bucket{le="1"} 1')
  })

  it('two servers in one process count separately', async () => {
    const a = create()
    const b = create()
    a.sessions.set(7)
    b.sessions.set(2)
    expect(await a.metrics()).toContain('markdownsync_sessions 7')
    expect(await b.metrics()).toContain('markdownsync_sessions 2')
  })

  it('close can be called twice', () => {
    const metrics = createServerMetrics({ defaultMetrics: false })
    metrics.close()
    expect(() => metrics.close()).not.toThrow()
  })
})
