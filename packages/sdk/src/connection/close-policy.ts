/**
 * What a close code means for the room (guides/limits.md, "Close codes"): stop and tell the
 * user, refresh the token and retry, or reconnect with (slow) backoff. Any code not listed —
 * 1000, 1001, 1005, 1006: a network drop or a server restart — reconnects with backoff.
 */
import { CLOSE_CODES } from '@markdownsync/core'
import { type RoomError, roomError } from '../errors.js'

export type CloseAction = 'stop' | 'refresh_token' | 'retry' | 'retry_slow'

export interface ClosePolicy {
  readonly action: CloseAction
  /** What the app is told, if anything. */
  readonly error?: RoomError
}

const text = (reason: string, fallback: string): string => (reason === '' ? fallback : reason)

export const closePolicy = (code: number, reason: string): ClosePolicy => {
  switch (code) {
    case CLOSE_CODES.unsupported_version:
      return {
        action: 'stop',
        error: roomError(
          'unsupported_version',
          `the server speaks another protocol version: please reload (${text(reason, 'please reload')})`,
          true,
        ),
      }
    case CLOSE_CODES.protocol_error:
      // the server could not read what this client sent: retrying unchanged would fail again
      return {
        action: 'stop',
        error: roomError('protocol_error', text(reason, 'protocol error'), true),
      }
    case CLOSE_CODES.unauthorized:
      return {
        action: 'refresh_token',
        error: roomError('unauthorized', text(reason, 'unauthorized')),
      }
    case CLOSE_CODES.not_found:
      return {
        action: 'stop',
        error: roomError('not_found', text(reason, 'document not found'), true),
      }
    case CLOSE_CODES.session_replaced:
      return {
        action: 'stop',
        error: roomError('session_replaced', text(reason, 'session replaced'), true),
      }
    case CLOSE_CODES.room_full:
      return { action: 'retry_slow', error: roomError('room_full', text(reason, 'room full')) }
    case CLOSE_CODES.rate_limited:
      return {
        action: 'retry_slow',
        error: roomError('rate_limited', text(reason, 'rate limited')),
      }
    case CLOSE_CODES.going_away:
      return { action: 'retry', error: roomError('going_away', text(reason, 'going away')) }
    default:
      return { action: 'retry' }
  }
}
