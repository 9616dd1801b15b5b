/**
 * Errors as values with codes (STYLE "Errors are values with codes at boundaries"): every
 * failure a room meets — a close code, a server `error`, a refused local edit, a token that
 * could not be fetched — reaches the app as a `RoomError` on `room.$errors` and
 * `room.on('error')`, never as an exception out of a public method.
 */
import type { ServerErrorCode } from '@markdownsync/core'

export const ROOM_ERROR_CODES = [
  // from the server (close codes and `error` messages)
  'unsupported_version',
  'protocol_error',
  'unauthorized',
  'forbidden',
  'not_found',
  'room_full',
  'rate_limited',
  'overloaded',
  'session_replaced',
  'going_away',
  'internal',
  // from the client
  /** The token provider (auth endpoint, dev token) failed; the room retries with backoff. */
  'auth_failed',
  /** A write from a session without the `write` permission; nothing was sent. */
  'permission_denied',
  /** An edit before the document loaded; nothing changed. */
  'not_loaded',
  /** An edit that names a missing block, an offset out of range, a bad key…; nothing changed. */
  'invalid_edit',
  /** Presence or an event the protocol would refuse (too big, not JSON-like); not sent. */
  'invalid_message',
  /** The outbox store (IndexedDB) failed; unacknowledged ops are kept in memory only. */
  'storage_failed',
] as const

export type RoomErrorCode = (typeof ROOM_ERROR_CODES)[number]

export interface RoomError {
  readonly code: RoomErrorCode
  readonly message: string
  /** The room stopped because of it (status `disconnected`): reload, or enter the room again. */
  readonly fatal: boolean
  /** For `rate_limited`: how long the server asked the client to wait. */
  readonly retryAfterMs?: number
}

export const roomError = (
  code: RoomErrorCode,
  message: string,
  fatal = false,
  retryAfterMs?: number,
): RoomError =>
  retryAfterMs === undefined ? { code, message, fatal } : { code, message, fatal, retryAfterMs }

/** The server's `error` codes map one to one, except `overloaded` which stays itself. */
export const fromServerErrorCode = (code: ServerErrorCode): RoomErrorCode => code
