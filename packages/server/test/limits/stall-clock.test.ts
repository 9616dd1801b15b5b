import { describe, expect, it } from 'vitest'
import { processStallClock } from '../../src/limits/stall-clock.js'

const busy = (ms: number): void => {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // the event loop is blocked: no timer runs, no socket is read
  }
}

describe('the stall clock', () => {
  it('counts the time the event loop was blocked, also while the block is still going on', async () => {
    const clock = processStallClock()
    await new Promise((resolve) => setTimeout(resolve, 30))
    const before = clock.stalledMs()
    busy(300)
    // still inside the blocking task: the stall in progress counts
    const during = clock.stalledMs() - before
    expect(during).toBeGreaterThanOrEqual(250)
    await new Promise((resolve) => setTimeout(resolve, 30))
    // and stays counted once the loop runs again (it only grows)
    expect(clock.stalledMs() - before).toBeGreaterThanOrEqual(during)
  })
})
