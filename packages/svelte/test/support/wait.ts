/** Waiting on conditions: polled, never slept. */
import { vi } from 'vitest'

/** Polls an assertion until it passes (vi.waitFor with room for a real server's round trips). */
export const eventually = <T>(check: () => T | Promise<T>, timeout = 10_000): Promise<T> =>
  vi.waitFor(check, { timeout, interval: 5 })

/** The text of the element with `data-testid`, or null. */
export const textOf = (testId: string, root: ParentNode = document): string | null =>
  root.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null
