/**
 * The inline engine, loaded when a room first needs one: a dynamic `import()` keeps the replica,
 * Yjs and the Markdown code out of the SDK's main chunk (bundlers split it off), so a browser
 * app that runs its replicas in a worker never loads them on the main thread.
 *
 * Invariants: commands posted before the engine loads are handed to it in the order posted,
 * before any posted later; a query waits for them; once loaded, everything passes straight
 * through (synchronously, as the inline engine's contract says).
 */
import {
  type DocumentEngine,
  type EngineCommand,
  type EngineEvent,
  type EngineFactory,
  noDocumentAnswer,
} from './engine.js'

/** An engine that forwards to the one `loading` gives, once it has it (closures: see worker-engine.ts). */
export const deferredEngine = (loading: Promise<DocumentEngine>): DocumentEngine => {
  const listeners = new Set<(event: EngineEvent) => void>()
  let engine: DocumentEngine | undefined
  /** Commands waiting for the engine; undefined once it loaded, failed or was disposed. */
  let queue: EngineCommand[] | undefined = []
  const emit = (event: EngineEvent): void => {
    for (const listener of [...listeners]) listener(event)
  }
  const loaded = loading.then(
    (loadedEngine) => {
      if (queue !== undefined) loadedEngine.subscribe(emit)
      // what listeners post while the queue replays joins its end, so the order holds
      for (let i = 0; queue !== undefined && i < queue.length; i++) loadedEngine.post(queue[i]!)
      if (queue === undefined) {
        loadedEngine.dispose() // disposed while it loaded
        return
      }
      queue = undefined
      engine = loadedEngine
    },
    (error: unknown) => {
      if (queue === undefined) return
      queue = undefined
      emit({ type: 'failed', message: `the document engine did not load: ${error}` })
    },
  )
  return {
    ready: () => loaded,
    post(command) {
      if (engine !== undefined) engine.post(command)
      else queue?.push(command)
    },
    async query(query) {
      await loaded
      return engine === undefined ? noDocumentAnswer(query) : engine.query(query)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      queue = undefined
      engine?.dispose()
      engine = undefined
      listeners.clear()
    },
  }
}

/** The inline engine, whose code is fetched (once) when the first room makes one. */
export const createLazyInlineEngine: EngineFactory = (options) =>
  deferredEngine(import('./inline-engine.js').then((m) => m.createInlineEngine(options)))
