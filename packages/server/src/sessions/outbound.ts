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
  /** The client stopped reading: its socket buffer reached `maxSocketBufferBytes`. */
  | { readonly kind: 'stalled' }

export class Outbound {
  private queue: Uint8Array[] = []
  private queuedBytes = 0
  private durableBytes = 0
  /** Set when the durable queue overflowed; the room clears it after resyncing. */
  lagging = false
  droppedEphemeral = 0

  constructor(
    private readonly socket: OutboundSocket,
    private readonly limits: OutboundLimits,
  ) {}

  get socketBuffered(): number {
    return this.socket.bufferedAmount
  }

  get hasQueued(): boolean {
    return this.queue.length > 0
  }

  /** Queues a durable message; false when it made the session lagging (queue dropped). */
  durable(frame: Uint8Array): boolean {
    if (this.lagging) return false
    if (this.durableBytes + frame.length > this.limits.maxQueuedBytes) {
      this.lagging = true
      this.queue = []
      this.queuedBytes = 0
      this.durableBytes = 0
      return false
    }
    this.queue.push(frame)
    this.queuedBytes += frame.length
    this.durableBytes += frame.length
    return true
  }

  /** Queues a message the session may go without (cursors, presence, events). */
  ephemeral(frame: Uint8Array): void {
    if (this.socket.bufferedAmount + this.queuedBytes > this.limits.ephemeralHighWaterBytes) {
      this.droppedEphemeral++
      return
    }
    this.queue.push(frame)
    this.queuedBytes += frame.length
  }

  /** Sends a message now, ahead of the queue (errors before a close, welcome). */
  immediate(frame: Uint8Array): void {
    this.socket.send(frame)
  }

  flush(): FlushOutcome {
    if (this.socket.bufferedAmount >= this.limits.maxSocketBufferBytes) return { kind: 'stalled' }
    if (this.queue.length === 0) return { kind: 'idle' }
    const maxFrame = this.limits.maxFrameBytes ?? PROTOCOL_LIMITS.maxFrameBytes
    const maxMessages = PROTOCOL_LIMITS.maxMessagesPerFrame
    const queue = this.queue
    this.queue = []
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
