/**
 * The load benchmark's smoke run, as CI runs it: every system (our server as designed, with the
 * naive fanout, and the Yjs reference) under N = 50 editors and their agents for 10 s with the
 * full traffic of the design. It asserts what must hold at any speed — every observer's replica
 * equals the server's document, no errors, no dropped sessions, edits reached peers — and
 * never a timing.
 */
import { describe, expect, it } from 'vitest'
import { runLoadBenchmark } from './run.js'
import { parseSettings } from './settings.js'

describe('load benchmark smoke run (N = 50, 10 s)', () => {
  it('every system converges with zero divergence and zero errors', async () => {
    const results = await runLoadBenchmark(parseSettings(['--smoke']))
    expect(results.sweep.map((p) => p.system)).toEqual(['ours', 'naive', 'yjs'])
    for (const point of results.sweep) {
      const where = `${point.system}: ${JSON.stringify(point.problems)} ${point.divergence.detail.join('; ')}`
      expect(point.divergence.checked, where).toBe(true)
      expect(point.divergence.observers, where).toBeGreaterThan(0)
      expect(point.divergence.diverged, where).toBe(0)
      expect(point.problems.errors, where).toEqual({})
      expect(point.problems.reconnects, where).toBe(0)
      expect(point.problems.lateJoin, where).toBeNull()
      expect(point.latencyMs.editText.count, where).toBeGreaterThan(0)
      expect(point.inbound.serverOpsPerS, where).toBeGreaterThan(0)
    }
  })
})
