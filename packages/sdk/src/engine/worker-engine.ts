/**
 * The document engine in a Web Worker: the replica (Yjs documents, move tree, Markdown export)
 * runs in the worker, so applying remote updates, catch-ups and snapshots never blocks the main
 * thread. The main thread keeps only the room's mirrors of the blocks it shows, which the worker
 * pushes when they change (DESIGN "The client SDK").
 *
 * Edits reach the worker after other changes may have: the rebase layer (rebase.ts, loaded
 * with the worker script) shows them at once, has the worker rebase text edits, and replays
 * structure edits over the worker's child lists until it has handled them. Until it has loaded, commands wait (and queries after them).
 *
 * Invariants: commands go out in the order posted (the rebase layer may let a text edit wait
 * in its block's buffer, and holds back what must not overtake it), each telling the host how
 * many local ops have arrived here (engine-host.ts replays the rest into a new replica); a
 * query is answered once, by the answer under its id, or by an empty document's answer once
 * the worker is gone; after a failure or `dispose` the worker is terminated and nothing more
 * is posted.
 *
 * Written as closures rather than a class: it ships in the SDK's main chunk, and minifiers
 * shorten local names but not property names.
 */
import {
  type DocumentEngine,
  type EngineCommand,
  type EngineEvent,
  type EngineFactory,
  type EngineOptions,
  noDocumentAnswer,
} from './engine.js'
import type { Rebase } from './rebase.js'
import { commandTransfer, type FromEngineHost, type ToEngineHost } from './worker-protocol.js'

/**
 * The SDK's own worker, as a module worker written the way bundlers find it: Vite (and other
 * bundlers that follow `new Worker(new URL(…, import.meta.url))`) emit the script as a chunk.
 */
export const createEngineWorker = (): Worker =>
  new Worker(new URL('./engine.worker.js', import.meta.url), { type: 'module' })

type Settle = [
  resolve: (answer: unknown) => void,
  reject: (error: Error) => void,
  fallback: unknown,
]

/** A `DocumentEngine` whose replica lives in the worker `createWorker` makes. */
export const createWorkerEngine = (
  options: EngineOptions = {},
  createWorker: () => Worker = createEngineWorker,
): DocumentEngine => {
  const listeners = new Set<(event: EngineEvent) => void>()
  const pending = new Map<number, Settle>()
  let nextId = 1
  /** Local ops received from the host so far (see `ToEngineHost` 'command'). */
  let localOpsSeen = 0
  let running = true
  let worker: Worker | undefined

  const emit = (event: EngineEvent): void => {
    for (const listener of [...listeners]) listener(event)
  }
  /** False when the message cannot be cloned: nothing was sent (or transferred). */
  const send = (message: ToEngineHost, transfer: ArrayBuffer[] = []): boolean => {
    try {
      worker?.postMessage(message, transfer)
      return true
    } catch {
      return false
    }
  }
  /** Ends the worker; queries still waiting get an empty document's answers. */
  const stop = (): void => {
    running = false
    worker?.terminate()
    for (const [resolve, , fallback] of pending.values()) resolve(fallback)
    pending.clear()
  }
  const fail = (message: string): void => {
    if (!running) return
    stop()
    emit({ type: 'failed', message: `the engine worker failed: ${message}` })
  }
  const ask = (message: (id: number) => ToEngineHost, fallback: unknown): Promise<never> =>
    new Promise((resolve, reject) => {
      if (!running) return resolve(fallback as never)
      const id = nextId++
      pending.set(id, [resolve as (answer: unknown) => void, reject, fallback])
      if (!send(message(id))) {
        pending.delete(id)
        reject(new TypeError('the query cannot be cloned'))
      }
    })
  const post = (command: EngineCommand): void => {
    if (
      !running ||
      send({ kind: 'command', command, seen: localOpsSeen }, commandTransfer(command))
    )
      return
    // a value that cannot be cloned: an edit is refused, anything else loses the replica
    if (command.type === 'edit')
      emit({ type: 'refused', code: 'invalid_edit', message: 'the edit cannot be cloned' })
    else fail(`the ${command.type} command cannot be cloned`)
  }
  /** Commands posted before the rebase layer loaded; undefined once it has (or failed to). */
  let waiting: EngineCommand[] | undefined = []
  let rebase: Rebase | undefined
  const handled = (): Promise<void> => ask((id) => ({ kind: 'flush', id }), undefined)
  const loaded = import('./rebase.js').then(
    (m) => {
      rebase = m.rebase(post, emit, handled)
    },
    () => undefined, // without it, edits go as they are
  )
  const started = loaded.then(() => {
    for (const command of waiting!) (rebase?.post ?? post)(command)
    waiting = undefined
  })
  const receive = (message: FromEngineHost): void => {
    if (!running) return
    if (message.kind === 'event') {
      if (message.event.type === 'local_ops') localOpsSeen += message.event.envelopes.length
      ;(rebase?.receive ?? emit)(message.event)
      return
    }
    const settle = pending.get(message.id)
    pending.delete(message.id)
    if (message.kind === 'answer') settle?.[0](message.answer)
    else settle?.[1](new Error(message.error))
  }

  const flush = (): Promise<void> => started.then(handled)

  try {
    worker = createWorker()
    worker.onmessage = (event) => receive(event.data as FromEngineHost)
    worker.onerror = (event) => {
      event.preventDefault()
      fail(event.message || 'its script did not load')
    }
    worker.onmessageerror = () => fail('a message could not be read')
    send({
      kind: 'init',
      init: {
        seed: Math.floor((options.random ?? Math.random)() * 2 ** 32),
        ...(options.history === undefined ? {} : { history: options.history }),
      },
    })
  } catch (error) {
    // the room subscribes right after making its engine: tell it on the next microtask
    queueMicrotask(() => fail(`it did not start (${error})`))
  }

  return {
    post(command) {
      if (waiting !== undefined) waiting.push(command)
      else (rebase?.post ?? post)(command)
    },
    query: (query) =>
      started.then(() => ask((id) => ({ kind: 'query', id, query }), noDocumentAnswer(query))),
    // everything posted so far is handled (its events are here): so the room's `ready()` waits
    ready: flush,
    // an acknowledgement may send a buffered edit: flush until nothing waits
    async settled() {
      do await flush()
      while (running && rebase !== undefined && !rebase.idle())
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      stop()
      listeners.clear()
    },
  }
}

/**
 * An `EngineFactory` for `createClient({ engine })` that runs each room's replica in a worker;
 * `createWorker` gives the worker when a bundler needs to see it written in the app, e.g. with
 * Vite: `workerEngine(() => new EngineWorker())` after
 * `import EngineWorker from '@markdownsync/sdk/worker?worker'`.
 */
export const workerEngine =
  (createWorker?: () => Worker): EngineFactory =>
  (options) =>
    createWorkerEngine(options, createWorker)
