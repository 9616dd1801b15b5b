/**
 * Leading and trailing throttle: the first call runs at once, later calls within `intervalMs`
 * collapse into one trailing call with the latest arguments. Uses the global timers, so tests
 * drive it with fake timers.
 */
export interface Throttled<A extends unknown[]> {
  (...args: A): void
  /** Runs a pending trailing call now. */
  flush(): void
  /** Drops a pending trailing call. */
  cancel(): void
}

export const throttle = <A extends unknown[]>(
  fn: (...args: A) => void,
  intervalMs: number,
): Throttled<A> => {
  let last = Number.NEGATIVE_INFINITY
  let timer: ReturnType<typeof setTimeout> | undefined
  let pending: A | undefined

  const run = (args: A): void => {
    last = Date.now()
    fn(...args)
  }
  const fire = (): void => {
    timer = undefined
    const args = pending
    pending = undefined
    if (args !== undefined) run(args)
  }

  const throttled = ((...args: A): void => {
    const wait = last + intervalMs - Date.now()
    if (wait <= 0 && timer === undefined) {
      run(args)
      return
    }
    pending = args
    timer ??= setTimeout(fire, Math.max(0, wait))
  }) as Throttled<A>
  throttled.flush = () => {
    if (timer !== undefined) clearTimeout(timer)
    fire()
  }
  throttled.cancel = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    pending = undefined
  }
  return throttled
}
