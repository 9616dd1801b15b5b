/**
 * What the user is told about the room: a change the server refused (and whether it was
 * undone), and errors worth a notice. Plain text, so the wording is tested.
 */
import type { RejectionEvent, RoomError } from '@markdownsync/sdk'

export interface Notice {
  readonly kind: 'info' | 'warning' | 'error'
  readonly title: string
  readonly detail: string
}

/** A rejection as a notice. */
export const rejectionNotice = (rejection: RejectionEvent): Notice => {
  if (rejection.code === 'concurrent_move' || rejection.code === 'cycle')
    return {
      kind: 'info',
      title: 'Someone moved that block first',
      detail: 'Their move came earlier, so the block stays where they put it.',
    }
  if (rejection.code === 'duplicate_block')
    return { kind: 'info', title: 'That block already exists', detail: rejection.reason }
  const dropped = rejection.dropped.length
  return {
    kind: 'warning',
    title: rejection.rolledBack ? 'Your change was undone' : 'Your change was refused',
    detail:
      `${rejection.reason} (${rejection.code})` +
      (dropped > 0 ? `; ${dropped} later change${dropped === 1 ? '' : 's'} went with it` : ''),
  }
}

/** Errors the user needs to hear about (an edit refused locally is visible already). */
export const errorNotice = (error: RoomError): Notice | undefined => {
  if (error.code === 'not_loaded' || error.code === 'invalid_edit') return undefined
  if (error.fatal)
    return {
      kind: 'error',
      title: error.code === 'session_replaced' ? 'Opened somewhere else' : 'Disconnected',
      detail:
        error.code === 'session_replaced'
          ? 'This document was opened in another tab with the same identity. Reload to continue here.'
          : `${error.message} (${error.code}). Reload the page to reconnect.`,
    }
  if (
    error.code === 'rate_limited' ||
    error.code === 'room_full' ||
    error.code === 'storage_failed'
  )
    return { kind: 'warning', title: 'Connection trouble', detail: error.message }
  return undefined
}

/** The connection as a short label and a tone, for the status pill. */
export const connectionLabel = (
  status: 'connecting' | 'connected' | 'reconnecting' | 'disconnected',
  online: boolean,
): { label: string; tone: 'ok' | 'busy' | 'bad' } => {
  if (status === 'connected') return { label: 'Connected', tone: 'ok' }
  if (status === 'disconnected') return { label: 'Disconnected', tone: 'bad' }
  if (!online) return { label: 'Offline', tone: 'bad' }
  return { label: status === 'connecting' ? 'Connecting…' : 'Reconnecting…', tone: 'busy' }
}

/** What the saved indicator says: loading, saved (everything acknowledged), or waiting. */
export const savedLabel = (
  synchronized: boolean,
  loaded: boolean,
  status: 'connecting' | 'connected' | 'reconnecting' | 'disconnected',
): { label: string; saved: boolean } => {
  if (synchronized) return { label: 'Saved', saved: true }
  if (!loaded) return { label: 'Loading…', saved: false }
  if (status === 'connected') return { label: 'Saving…', saved: false }
  return { label: 'Unsaved: kept on this device', saved: false }
}
