/**
 * The worker's side of the worker engine: one `InlineEngine`, driven by a `WorkerEngine`'s
 * messages and answering with its events and query results. engine.worker.ts runs it on the
 * worker's global scope; any endpoint with `postMessage` and `onmessage` will do.
 *
 * Invariants: commands are posted to the engine in the order they arrive; a command that throws
 * is reported as a `failed` event and the next one still runs; every query gets exactly one
 * answer, under its id.
 */
import type { Envelope } from '@markdownsync/core'
import type { EngineCommand } from './engine.js'
import { InlineEngine } from './inline-engine.js'
import {
  type EngineHostInit,
  type FromEngineHost,
  type MessageEndpoint,
  type ToEngineHost,
  transferableBytes,
} from './worker-protocol.js'

export const hostEngine = (endpoint: MessageEndpoint): void => {
  let engine: InlineEngine | undefined
  /** Local ops posted whose arrival the main thread has not confirmed yet (the newest last). */
  let inFlight: Envelope[] = []
  let postedLocalOps = 0
  const send = (message: FromEngineHost, transfer: ArrayBuffer[] = []): void =>
    endpoint.postMessage(message, transfer)
  const fail = (error: unknown): void =>
    send({
      kind: 'event',
      event: { type: 'failed', message: `the document engine failed: ${describe(error)}` },
    })

  const start = (init: EngineHostInit): void => {
    engine?.dispose()
    engine = new InlineEngine({
      random: seededRandom(init.seed),
      ...(init.history === undefined ? {} : { history: init.history }),
    })
    engine.subscribe((event) => {
      if (event.type === 'local_ops') {
        inFlight.push(...event.envelopes)
        postedLocalOps += event.envelopes.length
      }
      // local ops are not transferred: the replica may keep their bytes (merge restores)
      send({ kind: 'event', event })
    })
  }

  const run = (command: EngineCommand, seen: number): void => {
    const unseen = postedLocalOps - seen
    if (inFlight.length > unseen) inFlight = unseen <= 0 ? [] : inFlight.slice(-unseen)
    // the main thread built this load's replay from an outbox that lacks the ops still on
    // their way to it: without them the new replica would miss edits the server will get
    engine?.post(
      command.type === 'load' && inFlight.length > 0
        ? { ...command, replay: [...command.replay, ...inFlight] }
        : command,
    )
  }

  endpoint.onmessage = (event: MessageEvent) => {
    const message = event.data as ToEngineHost
    try {
      switch (message.kind) {
        case 'init':
          start(message.init)
          return
        case 'command':
          run(message.command, message.seen)
          return
        case 'flush':
          send({ kind: 'answer', id: message.id, answer: undefined })
          return
        case 'query': {
          const { id, query } = message
          if (engine === undefined) throw new Error('a query came before init')
          engine.query(query).then(
            (answer) =>
              send(
                { kind: 'answer', id, answer },
                query.type === 'encode_cursor' ? transferableBytes(answer) : [],
              ),
            (error: unknown) => send({ kind: 'query_failed', id, error: describe(error) }),
          )
          return
        }
      }
    } catch (error) {
      fail(error)
    }
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/** mulberry32 (T. Ettinger): a small seeded generator for the replica's position jitter. */
const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
