/**
 * WebSocket close codes (the 4000–4999 range is free for applications). They travel outside
 * the binary protocol, so even a client speaking another protocol version understands them.
 */
export const CLOSE_CODES = {
  /** The peer speaks another protocol version: the client should reload to get the new SDK. */
  unsupported_version: 4400,
  /** A frame failed to decode; the connection is not trusted any more. */
  protocol_error: 4401,
  unauthorized: 4403,
  not_found: 4404,
  rate_limited: 4429,
  /** The same client opened a newer session for this document. */
  session_replaced: 4409,
  /** The document already has as many sessions as the server allows (`maxSessionsPerDocument`). */
  room_full: 4413,
  /** The server is shutting down or moving the document; reconnect with backoff. */
  going_away: 4503,
} as const

export type CloseReason = keyof typeof CLOSE_CODES

export const CLOSE_REASON_TEXT = {
  unsupported_version: 'please reload',
  protocol_error: 'protocol error',
  unauthorized: 'unauthorized',
  not_found: 'document not found',
  rate_limited: 'rate limited',
  session_replaced: 'session replaced',
  room_full: 'room full',
  going_away: 'going away',
} as const satisfies Record<CloseReason, string>
