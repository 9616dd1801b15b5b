/**
 * Which engine a client's rooms use: `createClient({ engine })`. In a browser window the worker
 * engine keeps the replica off the main thread; elsewhere (Node, SSR, inside a worker) the
 * inline engine runs it on the calling thread, loaded on first use.
 */
import type { EngineFactory } from './engine.js'
import { createLazyInlineEngine } from './lazy-inline-engine.js'
import { workerEngine } from './worker-engine.js'

/**
 * `'auto'` (the default): the worker engine in a browser window with Web Workers, else the
 * inline one. `'worker'`, `'inline'`: that one. A function: your own `EngineFactory` (e.g.
 * `workerEngine(() => new Worker(…))`).
 */
export type EngineChoice = 'auto' | 'worker' | 'inline' | EngineFactory

const workersHere = (): boolean => typeof globalThis.Worker === 'function'

const inBrowserWindow = (): boolean =>
  typeof (globalThis as { window?: unknown }).window === 'object' &&
  typeof (globalThis as { document?: unknown }).document === 'object'

/** The factory for a choice; a TypeError for a choice that cannot work here. */
export const engineFactory = (choice: EngineChoice = 'auto'): EngineFactory => {
  if (typeof choice === 'function') return choice
  switch (choice) {
    case 'auto':
      return workersHere() && inBrowserWindow() ? workerEngine() : createLazyInlineEngine
    case 'worker':
      if (!workersHere())
        throw new TypeError("engine 'worker': no Web Workers here (use 'inline' or 'auto')")
      return workerEngine()
    case 'inline':
      return createLazyInlineEngine
    default:
      throw new TypeError(`engine: 'auto', 'worker', 'inline' or a function, not ${choice}`)
  }
}
