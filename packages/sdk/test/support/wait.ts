/** Helpers for waiting on stores: conditions polled, never sleeps. */
import type { ReadableAtom } from 'nanostores'
import { vi } from 'vitest'

/** Resolves when the store holds a value that passes `test` (now or later). */
export const until = <T>(store: ReadableAtom<T>, test: (value: T) => boolean): Promise<T> =>
  new Promise((resolve) => {
    let off: (() => void) | undefined
    let done = false
    off = store.subscribe((value) => {
      if (done || !test(value as T)) return
      done = true
      queueMicrotask(() => off?.())
      resolve(value as T)
    })
    if (done) queueMicrotask(() => off?.())
  })

/** Polls an assertion until it passes (vi.waitFor with our defaults). */
export const eventually = <T>(check: () => T | Promise<T>, timeout = 10_000): Promise<T> =>
  vi.waitFor(check, { timeout, interval: 5 })
