/**
 * One WebSocket connection to one document, from `hello` to close. This is the edge: every
 * frame is decoded and checked here (protocol limits, permissions, rate limits) before the room
 * sees typed messages, and every failure becomes an `error` message or a close with a code.
 */
import {
  CLOSE_CODES,
  CLOSE_REASON_TEXT,
  type ClientMessage,
  type CloseReason,
  decodeClientFrame,
  encodeServerMessage,
  type HelloMessage,
  PROTOCOL_VERSION,
  type ServerErrorCode,
} from '@markdownsync/core'
import type { WebSocket } from 'ws'
import { SessionRateLimits, type TrafficKind } from '../limits/rate-limits.js'
import { processStallClock } from '../limits/stall-clock.js'
import type { ServerOptions } from '../options.js'
import { can, type RoomMember } from '../rooms/member.js'
import type { DocumentRoom } from '../rooms/room.js'
import type { Admission } from './admission.js'
import { Outbound } from './outbound.js'

const HELLO_TIMEOUT_MS = 10_000

export interface SessionDeps {
  readonly options: ServerOptions
  /** Authenticates a hello and opens its room, or says why not. */
  readonly admit: (hello: HelloMessage) => Promise<Admission>
  readonly onProtocolError: (code: string) => void
  readonly onSessionCount: (delta: 1 | -1) => void
}

let sessionCounter = 0
const newSessionId = (): string =>
  `s${Date.now().toString(36)}${(sessionCounter++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`

export const acceptSession = (socket: WebSocket, deps: SessionDeps): void => {
  const { options } = deps
  const outbound = new Outbound(socket, {
    maxQueuedBytes: options.limits.maxQueuedBytes,
    backpressureBytes: options.limits.backpressureBytes,
    ephemeralHighWaterBytes: options.limits.ephemeralHighWaterBytes,
    maxSocketBufferBytes: options.limits.maxSocketBufferBytes,
  })
  let state: 'hello' | 'joining' | 'joined' | 'closed' = 'hello'
  let room: DocumentRoom | undefined
  let member: RoomMember | undefined
  let limits: SessionRateLimits | undefined
  /** Refusals in a row, per kind: an allowed message of another kind does not clear them. */
  const violations = new Map<TrafficKind, number>()
  let lastSeen = Date.now()
  // the server's own stalls do not count against a client (stall-clock.ts), but the time it
  // spent on this client's own messages earns that client nothing: a flood of costly ops must
  // not widen its own burst
  const stalls = processStallClock()
  let stalledAtLastSeen = stalls.stalledMs()
  let ownBusyMs = 0
  const stalledByOthersMs = (): number => stalls.stalledMs() - ownBusyMs
  /** Messages that arrived while the hello was being authenticated, in order. */
  const early: ClientMessage[] = []

  const isClosed = (): boolean => state === 'closed'
  const close = (reason: CloseReason, message?: string): void => {
    if (state === 'closed') return
    state = 'closed'
    clearTimeout(helloTimer)
    clearInterval(heartbeat)
    if (room !== undefined && member !== undefined) room.leave(member)
    if (member !== undefined) deps.onSessionCount(-1)
    try {
      socket.close(CLOSE_CODES[reason], closeReasonText(message ?? CLOSE_REASON_TEXT[reason]))
    } catch {
      socket.terminate()
    }
  }

  /** A fatal error: the client is told why, then the socket closes with the matching code. */
  const fatal = (code: ServerErrorCode, reason: CloseReason, message: string): void => {
    if (state === 'closed') return
    outbound.immediate(encodeServerMessage({ type: 'error', code, message, fatal: true }))
    close(reason, message)
  }

  const warn = (code: ServerErrorCode, message: string, retryAfterMs?: number): void => {
    const error = { type: 'error' as const, code, message, fatal: false }
    outbound.controlMessage(
      encodeServerMessage(retryAfterMs === undefined ? error : { ...error, retryAfterMs }),
    )
    room?.scheduleFlush()
  }

  const helloTimer = setTimeout(
    () => fatal('protocol_error', 'protocol_error', 'no hello within 10 s'),
    HELLO_TIMEOUT_MS,
  )
  helloTimer.unref()
  const heartbeat = setInterval(() => {
    const silentMs = Date.now() - lastSeen - (stalls.stalledMs() - stalledAtLastSeen)
    if (silentMs > options.heartbeatMs * 3)
      fatal('going_away', 'going_away', 'no message for three heartbeats')
  }, options.heartbeatMs)
  heartbeat.unref()

  /** Takes `cost` from a bucket; on refusal tells the client, and closes a persistent flooder. */
  const allow = (kind: TrafficKind, cost: number): boolean => {
    const wait = limits?.take(kind, cost) ?? 0
    if (wait === 0) {
      violations.delete(kind)
      return true
    }
    const refusals = (violations.get(kind) ?? 0) + 1
    violations.set(kind, refusals)
    if (refusals >= options.limits.maxRateViolations) {
      fatal('rate_limited', 'rate_limited', 'too many messages; slow down')
      return false
    }
    warn('rate_limited', `too many ${kind} messages`, Number.isFinite(wait) ? wait : 1000)
    return false
  }

  const join = async (hello: HelloMessage): Promise<void> => {
    state = 'joining'
    clearTimeout(helloTimer)
    const admission = await deps.admit(hello).catch(
      (): Admission => ({
        ok: false,
        code: 'internal',
        reason: 'going_away',
        message: 'the document could not be opened',
      }),
    )
    if (isClosed()) return
    if (!admission.ok) return fatal(admission.code, admission.reason, admission.message)
    room = admission.room
    if (room.members.size >= options.limits.maxSessionsPerDocument)
      return fatal('overloaded', 'room_full', 'room full: the document has too many sessions')
    limits = new SessionRateLimits({ kind: admission.user.kind, stalledMs: stalledByOthersMs })
    member = {
      id: newSessionId(),
      user: admission.user,
      permissions: admission.permissions,
      replica: room.replicaFor(hello.replica, admission.user.id),
      outbound,
      awaitingAcks: [],
      syncedSeq: 0,
      lagging: false,
      sendEphemeral: (frame) => {
        outbound.ephemeral(frame)
        room?.scheduleFlush()
      },
      sendPresence: (frame) => {
        outbound.controlMessage(frame)
        room?.scheduleFlush()
      },
      close: (reason, message) => close(reason, message),
    }
    state = 'joined'
    deps.onSessionCount(1)
    room.join(member, hello, options.heartbeatMs)
    for (const message of early.splice(0)) dispatch(message)
  }

  const dispatch = (message: ClientMessage): void => {
    if (state !== 'joined' || room === undefined || member === undefined) return
    switch (message.type) {
      case 'hello':
        fatal('protocol_error', 'protocol_error', 'hello sent twice')
        return
      case 'ops':
        if (!allow('ops', message.envelopes.length)) {
          for (const envelope of message.envelopes)
            outbound.controlMessage(
              encodeServerMessage({
                type: 'reject',
                opId: envelope.id,
                code: 'rate_limited',
                reason: 'too many ops; re-send later',
              }),
            )
          return
        }
        room.receiveOps(member, message.envelopes)
        return
      case 'viewport':
        if (!allow('viewport', 1)) return
        room.viewport(member, message.blocks)
        return
      case 'catch_up_request':
        if (!allow('catchUp', 1)) return
        room.catchUp(member, message)
        return
      case 'presence':
      case 'cursor':
      case 'cursor_clear':
        if (!mayShowPresence(member)) {
          warn('forbidden', 'this session may not show presence')
          return
        }
        if (!allow('presence', 1)) return
        room.presenceMessage(member, message)
        return
      case 'event':
        if (!mayShowPresence(member)) {
          warn('forbidden', 'this session may not send events')
          return
        }
        if (!allow('events', 1)) return
        room.broadcastEphemeral(
          { type: 'event', session: member.id, user: member.user.id, data: message.data },
          member.id,
        )
        return
      case 'ping':
        outbound.controlMessage(
          encodeServerMessage({ type: 'pong', t: message.t, serverTime: Date.now() }),
        )
        room.scheduleFlush()
        return
    }
  }

  socket.on('message', (data, isBinary) => {
    if (state === 'closed') return
    lastSeen = Date.now()
    stalledAtLastSeen = stalls.stalledMs()
    const started = performance.now()
    try {
      receive(data, isBinary)
    } finally {
      ownBusyMs += performance.now() - started
    }
  })

  const receive = (data: WebSocket.RawData, isBinary: boolean) => {
    if (!isBinary)
      return fatal('protocol_error', 'protocol_error', 'text frames are not part of the protocol')
    const bytes = toBytes(data)
    const decoded = decodeClientFrame(bytes)
    if (!decoded.ok) {
      deps.onProtocolError(decoded.error.code)
      if (decoded.error.code === 'unsupported_version')
        return fatal(
          'unsupported_version',
          'unsupported_version',
          `this server speaks protocol ${PROTOCOL_VERSION}; please reload`,
        )
      return fatal('protocol_error', 'protocol_error', decoded.error.message)
    }
    for (const message of decoded.value) {
      if (state === 'hello') {
        if (message.type !== 'hello')
          return fatal('protocol_error', 'protocol_error', 'the first message must be hello')
        void join(message)
      } else if (state === 'joining') {
        if (early.length >= 64)
          return fatal('protocol_error', 'protocol_error', 'too many messages before welcome')
        early.push(message)
      } else dispatch(message)
    }
  }
  socket.on('close', () => close('going_away'))
  socket.on('error', () => close('going_away'))
}

/** RFC 6455 §5.5: a close reason is at most 123 bytes of UTF-8, and ws throws beyond that. */
const MAX_CLOSE_REASON_BYTES = 123

/**
 * The reason cut to what a close frame can carry, at a character boundary. Counting characters
 * was not enough: a reason quoting a non-ASCII id is twice as long in bytes, and the throw made
 * the session end with a bare 1006 instead of its code.
 */
const closeReasonText = (text: string): string => {
  if (Buffer.byteLength(text, 'utf8') <= MAX_CLOSE_REASON_BYTES) return text
  let out = ''
  let bytes = 0
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8')
    if (bytes > MAX_CLOSE_REASON_BYTES) break
    out += char
  }
  return out
}

const mayShowPresence = (member: RoomMember): boolean =>
  can(member, 'presence') || can(member, 'write')

/**
 * The frame as a plain Uint8Array over the same memory. Not a Buffer: the decoder copies byte
 * fields out with `slice`, which on a Buffer is a view, so every decoded Yjs update kept the
 * whole frame alive (an op held for resuming sessions pinned up to a megabyte).
 */
const toBytes = (data: unknown): Uint8Array => {
  const bytes = Array.isArray(data) ? Buffer.concat(data as Buffer[]) : data
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes)
  if (bytes instanceof Uint8Array)
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return new Uint8Array(0)
}
