/**
 * Frames: a varuint protocol version, then one or more messages, each a varuint tag (the
 * message type's index in the schema) and its fields. A server flushes everything it queued
 * for a session in one frame per tick (`joinFrames`), encoding each message once.
 */
import * as encoding from 'lib0/encoding'
import { decodeAtBoundary } from './boundary.js'
import { readStruct } from './codec-read.js'
import { writeUnion } from './codec-write.js'
import type { DecodeResult } from './errors.js'
import { fail } from './errors.js'
import { type UnionSchema, variantsOf } from './field.js'
import type { LimitOverrides } from './limits.js'
import type { ClientMessage, ServerMessage } from './messages.js'
import { type Reader, readVarUint, remaining } from './reader.js'
import { CLIENT_MESSAGE_SCHEMA, SERVER_MESSAGE_SCHEMA } from './schema.js'
import { PROTOCOL_VERSION } from './version.js'

const VERSION_PREFIX = encoding.encode((e) => encoding.writeVarUint(e, PROTOCOL_VERSION))

const encodeFrame = (schema: UnionSchema, messages: readonly unknown[]): Uint8Array => {
  if (messages.length === 0) throw new TypeError('a frame holds at least one message')
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, PROTOCOL_VERSION)
  for (const message of messages) writeUnion(e, schema, message)
  return encoding.toUint8Array(e)
}

export const readFrameVersion = (r: Reader): void => {
  const version = readVarUint(r.decoder)
  if (version !== PROTOCOL_VERSION) {
    fail(
      'unsupported_version',
      `frame has protocol version ${version}, this peer speaks ${PROTOCOL_VERSION}: please reload`,
    )
  }
}

const readMessage = (r: Reader, schema: UnionSchema, index: number): Record<string, unknown> => {
  const names = variantsOf(schema)
  const tag = readVarUint(r.decoder)
  const type = names[tag]
  if (type === undefined) return fail('unknown_message_type', `unknown message tag ${tag}`)
  r.path.length = 0
  r.path.push(index === 0 ? type : `[${index}]${type}`)
  const message = readStruct(r, schema.variants[type]!, { type })
  // `hello` and `welcome` repeat the version so it shows in logs; it must agree with the frame
  if ('protocol' in message && message.protocol !== PROTOCOL_VERSION) {
    fail('unsupported_version', `${type} announces protocol ${message.protocol}: please reload`)
  }
  return message
}

const readFrame = (r: Reader, schema: UnionSchema, single: boolean): unknown[] => {
  readFrameVersion(r)
  const messages: unknown[] = []
  do {
    if (messages.length >= r.limits.maxMessagesPerFrame) {
      fail(
        'limit_exceeded',
        `more than maxMessagesPerFrame (${r.limits.maxMessagesPerFrame}) messages`,
      )
    }
    messages.push(readMessage(r, schema, messages.length))
    if (single && remaining(r.decoder) > 0) {
      r.path.length = 0
      fail('trailing_bytes', `${remaining(r.decoder)} bytes after the message`)
    }
  } while (remaining(r.decoder) > 0)
  return messages
}

export const encodeClientMessage = (message: ClientMessage): Uint8Array =>
  encodeFrame(CLIENT_MESSAGE_SCHEMA, [message])
export const encodeClientFrame = (messages: readonly ClientMessage[]): Uint8Array =>
  encodeFrame(CLIENT_MESSAGE_SCHEMA, messages)
export const encodeServerMessage = (message: ServerMessage): Uint8Array =>
  encodeFrame(SERVER_MESSAGE_SCHEMA, [message])
export const encodeServerFrame = (messages: readonly ServerMessage[]): Uint8Array =>
  encodeFrame(SERVER_MESSAGE_SCHEMA, messages)

/** Decodes a frame that holds exactly one client message. */
export const decodeClientMessage = (
  bytes: Uint8Array,
  limits?: LimitOverrides,
): DecodeResult<ClientMessage> =>
  decodeAtBoundary(
    bytes,
    limits,
    (r) => readFrame(r, CLIENT_MESSAGE_SCHEMA, true)[0] as ClientMessage,
  )
export const decodeClientFrame = (
  bytes: Uint8Array,
  limits?: LimitOverrides,
): DecodeResult<readonly ClientMessage[]> =>
  decodeAtBoundary(
    bytes,
    limits,
    (r) => readFrame(r, CLIENT_MESSAGE_SCHEMA, false) as ClientMessage[],
  )
/** Decodes a frame that holds exactly one server message. */
export const decodeServerMessage = (
  bytes: Uint8Array,
  limits?: LimitOverrides,
): DecodeResult<ServerMessage> =>
  decodeAtBoundary(
    bytes,
    limits,
    (r) => readFrame(r, SERVER_MESSAGE_SCHEMA, true)[0] as ServerMessage,
  )
export const decodeServerFrame = (
  bytes: Uint8Array,
  limits?: LimitOverrides,
): DecodeResult<readonly ServerMessage[]> =>
  decodeAtBoundary(
    bytes,
    limits,
    (r) => readFrame(r, SERVER_MESSAGE_SCHEMA, false) as ServerMessage[],
  )

/** Whether `frame` starts with this protocol version's prefix and holds something after it. */
const hasVersionPrefix = (frame: Uint8Array): boolean => {
  if (frame.length <= VERSION_PREFIX.length) return false
  for (let i = 0; i < VERSION_PREFIX.length; i++) if (frame[i] !== VERSION_PREFIX[i]) return false
  return true
}

/**
 * One frame holding the messages of several frames (all of this protocol version), in order,
 * without re-encoding them: a message encoded once can go to many sessions' frames. Sized
 * first and copied once: a server joins every session's messages every tick (with lib0's
 * growing encoder this was a fifth of the load benchmark's server at 1,000 sessions).
 */
export const joinFrames = (frames: readonly Uint8Array[]): Uint8Array => {
  let length = VERSION_PREFIX.length
  for (const frame of frames) {
    if (!hasVersionPrefix(frame))
      throw new TypeError('joinFrames: not a frame of this protocol version')
    length += frame.length - VERSION_PREFIX.length
  }
  const joined = new Uint8Array(length)
  joined.set(VERSION_PREFIX, 0)
  let at = VERSION_PREFIX.length
  for (const frame of frames) {
    joined.set(frame.subarray(VERSION_PREFIX.length), at)
    at += frame.length - VERSION_PREFIX.length
  }
  return joined
}
