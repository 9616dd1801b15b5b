/**
 * Sends the outbox's ops: each op once per connection (then it waits for its `ack`), in the
 * order they were made, as `ops` messages within the protocol's limits (500 envelopes, and
 * frames well under 1 MiB). A rate-limited op (`reject` `rate_limited`) stays in the outbox;
 * sending pauses for the `retryAfterMs` the server asked for, then everything not in flight
 * goes again. A new connection starts with nothing in flight: every unacknowledged op is
 * re-sent with its original id and HLC (the server applies each op once, SEQ-3).
 */
import { type Envelope, encodeEnvelope, type OpId, PROTOCOL_LIMITS } from '@markdownsync/core'
import { MAX_OUTGOING_FRAME_BYTES } from '../connection/connection.js'
import type { Outbox } from '../outbox/outbox.js'

export interface OpSenderDeps {
  readonly outbox: Outbox
  /** Whether ops may go now (connected, admitted, allowed to write). */
  readonly ready: () => boolean
  /** Sends one `ops` message as its own frame; false when the socket is not open. */
  readonly send: (envelopes: readonly Envelope[]) => boolean
}

/** Bytes of envelopes per `ops` message. */
const MESSAGE_BYTES = MAX_OUTGOING_FRAME_BYTES - 1024

export class OpSender {
  private readonly inFlight = new Set<OpId>()
  private pausedUntil = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private scheduled = false

  constructor(private readonly deps: OpSenderDeps) {}

  /** Sends what is unsent at the end of this task, so a burst of edits is one message. */
  schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    queueMicrotask(() => {
      this.scheduled = false
      this.flush()
    })
  }

  flush(): void {
    if (!this.deps.ready()) return
    const wait = this.pausedUntil - Date.now()
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined
        this.flush()
      }, wait)
      return
    }
    const pending = this.deps.outbox.entries().filter((e) => !this.inFlight.has(e.id))
    let chunk: Envelope[] = []
    let bytes = 0
    const sendChunk = (): boolean => {
      if (chunk.length === 0) return true
      if (!this.deps.send(chunk)) return false
      for (const e of chunk) this.inFlight.add(e.id)
      chunk = []
      bytes = 0
      return true
    }
    for (const envelope of pending) {
      const size = encodeEnvelope(envelope).length
      if (
        chunk.length >= PROTOCOL_LIMITS.maxOpsPerBatch ||
        (chunk.length > 0 && bytes + size > MESSAGE_BYTES)
      )
        if (!sendChunk()) return
      chunk.push(envelope)
      bytes += size
    }
    sendChunk()
  }

  /** Acknowledged or dropped: no longer waited for. */
  settled(ids: readonly OpId[]): void {
    for (const id of ids) this.inFlight.delete(id)
  }

  /** The server refused the op for now: send it (and whatever else waits) after the pause. */
  rateLimited(id: OpId, retryAfterMs: number): void {
    this.inFlight.delete(id)
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfterMs)
    this.schedule()
  }

  /** The connection dropped: on the next one, everything goes again. */
  reset(): void {
    this.inFlight.clear()
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  get inFlightCount(): number {
    return this.inFlight.size
  }
}
