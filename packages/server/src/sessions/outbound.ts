/**
 * What the server has to say to one session, batched: messages are encoded once (by whoever
 * produced them, often for many sessions) and queued here as one-message frames; `flush` joins
 * them into as few WebSocket frames as the frame limit allows, once per tick.
 *
 * Slow clients (DESIGN "Outbound batching"): when the socket's send buffer is above the
 * high-water mark, ephemeral messages (cursors, presence, events) are dropped first; when the
 * durable queue passes its byte budget the session is *lagging*: the queue is dropped and the
 * room resyncs the session by catch-up instead. Memory per session is therefore bounded by
 * `maxQueuedBytes` plus the socket's own cap (`maxSocketBufferBytes`, after which it is closed).
 */
import { joinFrames, PROTOCOL_LIMITS } from '@markdownsync/core'

export interface OutboundSocket {
  send(data: Uint8Array): void
  /** Bytes accepted by `send` but not yet written to the network. */
  readonly bufferedAmount: number
}

export interface OutboundLimits {
  readonly maxQueuedBytes: number
  /** Bytes waiting in the socket above which nothing durable is written this tick. */
  readonly backpressureBytes: number
  readonly ephemeralHighWaterBytes: number
  readonly maxSocketBufferBytes: number
  readonly maxFrameBytes?: number
}

export type FlushOutcome =
  | {
      readonly kind: 'sent'
      readonly frames: number
      readonly messages: number
      readonly bytes: number
    }
  | { readonly kind: 'idle' }
  /** The socket still holds `backpressureBytes`: the queue waits for the next tick. */
  | { readonly kind: 'held' }
  /** The client stopped reading: its socket buffer reached `maxSocketBufferBytes`. */
  | { readonly kind: 'stalled' }

export class Outbound {
  private queue: Uint8Array[] = []
  /** Which queued frames are control messages (acks, rejects, errors), kept when lagging. */
  private control: boolean[] = []
  private queuedBytes = 0
  private durableBytes = 0
  /** Set when the durable queue overflowed; the room clears it after resyncing. */
  lagging = false
  droppedEphemeral = 0

  constructor(
    private readonly socket: OutboundSocket,
    private readonly limits: OutboundLimits,
  ) {}

  /** Bytes of durable and control messages waiting in the queue. */
  get durableQueued(): number {
    return this.durableBytes
  }

  get socketBuffered(): number {
    return this.socket.bufferedAmount
  }

  get hasQueued(): boolean {
    return this.queue.length > 0
  }

  /**
   * Queues a durable message (ops, catch-up, outline); false when the queue is over its budget:
   * the session is then lagging and everything queued but control messages is dropped.
   */
  durable(frame: Uint8Array): boolean {
    if (this.lagging) return false
    if (this.durableBytes + frame.length > this.limits.maxQueuedBytes) {
      this.lagging = true
      const kept = this.queue.filter((_, i) => this.control[i])
      this.queue = kept
      this.control = kept.map(() => true)
      this.queuedBytes = kept.reduce((n, f) => n + f.length, 0)
      this.durableBytes = this.queuedBytes
      return false
    }
    this.push(frame, false)
    this.durableBytes += frame.length
    return true
  }

  /**
   * Queues a message about the session's own ops or requests (ack, reject, error): never
   * dropped, even when lagging, so a lagging client still learns what became durable. Bounded
   * by the session's own rate limits.
   */
  controlMessage(frame: Uint8Array): void {
    this.push(frame, true)
    this.durableBytes += frame.length
  }

  private push(frame: Uint8Array, control: boolean): void {
    this.queue.push(frame)
    this.control.push(control)
    this.queuedBytes += frame.length
  }

  /** Queues a message the session may go without (cursors, presence, events). */
  ephemeral(frame: Uint8Array): void {
    if (this.socket.bufferedAmount + this.queuedBytes > this.limits.ephemeralHighWaterBytes) {
      this.droppedEphemeral++
      return
    }
    this.push(frame, false)
  }

  /** Sends a message now, ahead of the queue (errors before a close, welcome). */
  immediate(frame: Uint8Array): void {
    this.socket.send(frame)
  }

  flush(): FlushOutcome {
    if (this.socket.bufferedAmount >= this.limits.maxSocketBufferBytes) return { kind: 'stalled' }
    if (this.queue.length === 0) return { kind: 'idle' }
    // a client that reads slowly: let its socket drain before writing more, so the queue (with
    // its budget and lagging policy) takes the backlog instead of the socket's unbounded buffer
    if (this.socket.bufferedAmount > this.limits.backpressureBytes) return { kind: 'held' }
    const maxFrame = this.limits.maxFrameBytes ?? PROTOCOL_LIMITS.maxFrameBytes
    const maxMessages = PROTOCOL_LIMITS.maxMessagesPerFrame
    const queue = this.queue
    this.queue = []
    this.control = []
    this.queuedBytes = 0
    this.durableBytes = 0
    let frames = 0
    let bytes = 0
    let batch: Uint8Array[] = []
    let batchBytes = 0
    const send = (): void => {
      const frame = batch.length === 1 ? batch[0]! : joinFrames(batch)
      this.socket.send(frame)
      frames++
      bytes += frame.length
      batch = []
      batchBytes = 0
    }
    for (const message of queue) {
      if (
        batch.length > 0 &&
        (batchBytes + message.length > maxFrame || batch.length >= maxMessages)
      )
        send()
      batch.push(message)
      batchBytes += message.length
    }
    if (batch.length > 0) send()
    return { kind: 'sent', frames, messages: queue.length, bytes }
  }
}
