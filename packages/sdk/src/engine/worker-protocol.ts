/**
 * The messages between the worker engine (main thread) and the engine host (in the worker),
 * and which of their bytes may be transferred instead of copied.
 *
 * Invariants: commands reach the host in the order posted and events come back in the order
 * they happened (one MessagePort each way keeps order); a query's answer carries the id it was
 * asked under; bytes are transferred only where the sender never reads them again.
 */
import type { EngineAnswers, EngineCommand, EngineEvent, EngineQuery } from './engine.js'
import type { HistoryOptions } from './history.js'

/** What the host needs to make its engine: no functions cross a thread, so a seed for randomness. */
export interface EngineHostInit {
  /** Seeds the host's position jitter (from the room's `random`, so seeded tests replay). */
  readonly seed: number
  readonly history?: HistoryOptions
}

export type ToEngineHost =
  | { readonly kind: 'init'; readonly init: EngineHostInit }
  /**
   * `seen`: how many of the host's local ops the main thread had received when it posted this.
   * A `load` is built from the outbox as the main thread knows it; the ops still on their way
   * are replayed by the host too, or the new replica would miss them.
   */
  | { readonly kind: 'command'; readonly command: EngineCommand; readonly seen: number }
  | { readonly kind: 'query'; readonly id: number; readonly query: EngineQuery }
  /** Answered (with undefined) once everything posted before it has been handled. */
  | { readonly kind: 'flush'; readonly id: number }

export type FromEngineHost =
  | { readonly kind: 'event'; readonly event: EngineEvent }
  | {
      readonly kind: 'answer'
      readonly id: number
      readonly answer: EngineAnswers[EngineQuery['type']] | undefined
    }
  | { readonly kind: 'query_failed'; readonly id: number; readonly error: string }

/** The two ends as the relay sees them: a Worker on one side, the worker's global on the other. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer: Transferable[]): void
  onmessage: ((event: MessageEvent) => void) | null
}

/**
 * The buffers of the Uint8Arrays in `value` that may move rather than be copied: only those a
 * view spans whole (a partial view shares its buffer with bytes someone else may hold).
 */
export const transferableBytes = (value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] => {
  collect(value, out, 0)
  return [...out]
}

const collect = (value: unknown, out: Set<ArrayBuffer>, depth: number): void => {
  if (typeof value !== 'object' || value === null || depth > 12) return
  if (value instanceof Uint8Array) {
    const buffer = value.buffer
    if (
      buffer instanceof ArrayBuffer &&
      value.byteOffset === 0 &&
      value.byteLength === buffer.byteLength &&
      buffer.byteLength > 0
    )
      out.add(buffer)
    return
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, out, depth + 1)
    return
  }
  for (const key in value) collect((value as Record<string, unknown>)[key], out, depth + 1)
}

/**
 * The bytes of a command the room hands over for good: a snapshot, catch-up content and
 * remote ops are decoded copies the session drops once posted. A `load`'s replay is the
 * outbox's, which it keeps: copied.
 */
export const commandTransfer = (command: EngineCommand): ArrayBuffer[] => {
  switch (command.type) {
    case 'load':
      return transferableBytes(command.snapshot)
    case 'apply':
      return transferableBytes(command.envelopes)
    case 'catch_up':
      return transferableBytes(command.blocks)
    default:
      return []
  }
}
