/**
 * What the crowd benchmark measures inside the page: rAF-to-rAF frame intervals, the main
 * thread's long tasks (PerformanceObserver), and a local edit's time from its keydown (the
 * event's own timestamp, so input delay counts) until the room's store shows it.
 */
import type { Page } from 'playwright-core'

export interface PageRecord {
  readonly frames: number[]
  readonly longTasks: number[]
  readonly windowMs: number
}

interface Probe {
  frames: number[]
  longTasks: number[]
  since: number
}

/**
 * tsx compiles this file keeping function names (`__name(fn, 'name')`), and the functions
 * handed to `page.evaluate` carry those calls into the page: give the page the helper.
 */
const keepNamesShim = (page: Page): Promise<unknown> =>
  page.evaluate('globalThis.__name ??= (target) => target')

/** Starts (or restarts) recording frames and long tasks in the page. */
export const startRecording = async (page: Page): Promise<void> => {
  await keepNamesShim(page)
  await page.evaluate(() => {
    const w = window as unknown as { __crowd?: Probe }
    if (w.__crowd !== undefined) {
      w.__crowd.frames = []
      w.__crowd.longTasks = []
      w.__crowd.since = performance.now()
      return
    }
    const probe: Probe = { frames: [], longTasks: [], since: performance.now() }
    w.__crowd = probe
    let previous: number | undefined
    requestAnimationFrame(function frame(now) {
      if (previous !== undefined) probe.frames.push(now - previous)
      previous = now
      requestAnimationFrame(frame)
    })
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration)
    }).observe({ type: 'longtask', buffered: false })
  })
}

export const readRecording = (page: Page): Promise<PageRecord> =>
  page.evaluate(() => {
    const probe = (window as unknown as { __crowd: Probe }).__crowd
    return {
      frames: [...probe.frames],
      longTasks: [...probe.longTasks],
      windowMs: performance.now() - probe.since,
    }
  })

/** Bots write lowercase letters and spaces only: an upper-case Q is ours. */
const MARK = 'Q'

/**
 * One local edit: puts the caret at the end of the first text block on screen, types the mark,
 * and returns the ms from its keydown to the store showing it (undefined: the block went away
 * under the bots, or 5 s passed).
 */
export const timeLocalEdit = async (page: Page): Promise<number | undefined> => {
  const armed = await page.evaluate((mark) => {
    type View = { text: readonly { insert: string }[]; parent?: string }
    type Room = {
      block(id: string): {
        get(): View | undefined
        subscribe(listener: (view: View | undefined) => void): () => void
      }
    }
    const room = (window as unknown as { __playground: { room: Room } }).__playground.room
    const element = document.querySelector<HTMLElement>('[data-text-block]')
    const id = element?.dataset.textBlock
    if (element === null || id === undefined) return false
    const count = (view: View | undefined) =>
      (view?.text.map((r) => r.insert).join('') ?? '').split(mark).length - 1
    const before = count(room.block(id).get())
    element.focus()
    const selection = getSelection()
    selection?.selectAllChildren(element)
    selection?.collapseToEnd()
    const w = window as unknown as { __edit?: Promise<number | undefined> }
    w.__edit = new Promise((resolve) => {
      let pressedAt: number | undefined
      const onKey = (event: KeyboardEvent) => {
        if (event.key === mark) pressedAt = event.timeStamp
      }
      window.addEventListener('keydown', onKey, { capture: true })
      let stop = () => {}
      const done = (value: number | undefined) => {
        window.removeEventListener('keydown', onKey, { capture: true })
        clearTimeout(timer)
        queueMicrotask(() => stop())
        resolve(value)
      }
      const timer = setTimeout(() => done(undefined), 5_000)
      stop = room.block(id).subscribe((view) => {
        if (view === undefined || view.parent === 'trash') return done(undefined)
        if (pressedAt !== undefined && count(view) > before) done(performance.now() - pressedAt)
      })
    })
    return true
  }, MARK)
  if (!armed) return undefined
  await page.keyboard.type(MARK)
  return page.evaluate(() => (window as unknown as { __edit: Promise<number | undefined> }).__edit)
}
