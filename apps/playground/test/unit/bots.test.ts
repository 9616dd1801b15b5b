/**
 * The bots service's pure parts: what `POST /bots/start` accepts, reading the server's
 * Prometheus text, and the tab's frame meter.
 */
import { describe, expect, it } from 'vitest'
import { parseStart } from '../../bots/plugin.js'
import { metricSum } from '../../bots/server-meter.js'
import { FrameMeter } from '../../src/app/frame-meter.js'

describe('POST /bots/start body', () => {
  it('accepts a document id and 1 to 1,000 editors', () => {
    expect(parseStart({ doc: 'welcome-1', editors: 1 })).toEqual({ doc: 'welcome-1', editors: 1 })
    expect(parseStart({ doc: 'd', editors: 1000 })).toEqual({ doc: 'd', editors: 1000 })
  })

  it('refuses 0 or 1,001 editors, fractions, a missing body and odd ids, saying why', () => {
    for (const editors of [0, 1001, 2.5, '10'])
      expect(parseStart({ doc: 'd', editors })).toMatch(/editors/)
    expect(parseStart(undefined)).toMatch(/doc/)
    expect(parseStart({ doc: '../x', editors: 10 })).toMatch(/doc/)
  })
})

describe('reading /metrics', () => {
  const text = [
    '# HELP markdownsync_ops_in_total Durable ops received from clients.',
    'markdownsync_ops_in_total{result="applied"} 40',
    'markdownsync_ops_in_total{result="rejected"} 2',
    'markdownsync_ops_in_total_extra 1000',
    'markdownsync_sessions 12',
  ].join('\n')

  it('sums a counter over its labels and ignores metrics whose name only starts the same', () => {
    expect(metricSum(text, 'markdownsync_ops_in_total')).toBe(42)
    expect(metricSum(text, 'markdownsync_sessions')).toBe(12)
    expect(metricSum(text, 'markdownsync_absent')).toBe(0)
  })
})

describe('FrameMeter', () => {
  it('keeps the intervals of the last window only and reports their spread', () => {
    const meter = new FrameMeter(1_000)
    meter.record(0, 500) // falls out of the window below
    for (let t = 100; t <= 1_500; t += 100) meter.record(t, t === 1_500 ? 80 : 16)
    const summary = meter.summary()
    expect(summary.frames).toBe(11)
    expect(summary.p50).toBe(16)
    expect(summary.max).toBe(80)
  })
})
