/**
 * The y-websocket wire format, as y-protocols writes it: a varuint message type (0 sync,
 * 1 awareness) and its payload. Sync messages are step 1 (a state vector), step 2 and update
 * (a Yjs update), each as length-prefixed bytes; an awareness message holds an awareness
 * update: a count, then per client its id, its clock and its state as a JSON string.
 */
import { ByteReader, ByteWriter } from '../bytes.js'

export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

const syncMessage = (step: number, payload: Uint8Array): Uint8Array => {
  const w = new ByteWriter()
  w.varUint(MESSAGE_SYNC)
  w.varUint(step)
  w.bytesWithLength(payload)
  return w.done()
}

export const syncStep1 = (stateVector: Uint8Array): Uint8Array =>
  syncMessage(SYNC_STEP1, stateVector)
export const syncStep2 = (update: Uint8Array): Uint8Array => syncMessage(SYNC_STEP2, update)
export const syncUpdate = (update: Uint8Array): Uint8Array => syncMessage(SYNC_UPDATE, update)

/** One client's awareness state (y-protocols `encodeAwarenessUpdate` for one client). */
export const awarenessMessage = (client: number, clock: number, stateJson: string): Uint8Array => {
  const inner = new ByteWriter()
  inner.varUint(1)
  inner.varUint(client)
  inner.varUint(clock)
  const utf8 = new TextEncoder().encode(stateJson)
  inner.bytesWithLength(utf8)
  const w = new ByteWriter()
  w.varUint(MESSAGE_AWARENESS)
  w.bytesWithLength(inner.done())
  return w.done()
}

export type YMessage =
  | { readonly kind: 'sync'; readonly step: number; readonly payload: Uint8Array }
  | { readonly kind: 'awareness'; readonly payload: Uint8Array }
  | { readonly kind: 'other' }

export const readMessage = (bytes: Uint8Array): YMessage => {
  const r = new ByteReader(bytes)
  const type = r.varUint()
  if (type === MESSAGE_SYNC) {
    const step = r.varUint()
    return { kind: 'sync', step, payload: r.bytes() }
  }
  if (type === MESSAGE_AWARENESS) return { kind: 'awareness', payload: r.bytes() }
  return { kind: 'other' }
}

/**
 * Who an update is, for latency: the first struct's (client, clock), or for a delete-only
 * update its first deleted range's, as a number (client × 2²¹ + clock mod 2²¹; deletes
 * negative). Sender and receivers compute it the same way from the same bytes.
 */
export const updateKey = (update: Uint8Array): number | undefined => {
  const r = new ByteReader(update)
  const clients = r.varUint()
  if (clients > 0) {
    r.varUint() // structs of the first client
    const client = r.varUint()
    const clock = r.varUint()
    return client * 2 ** 21 + (clock % 2 ** 21)
  }
  const dsClients = r.varUint()
  if (dsClients === 0) return undefined
  const client = r.varUint()
  r.varUint()
  const clock = r.varUint()
  return -(client * 2 ** 21 + (clock % 2 ** 21)) - 1
}

/** The (client, clock) entries of an awareness update, as `client × 2²¹ + clock` keys. */
export const awarenessKeys = (payload: Uint8Array): number[] => {
  const r = new ByteReader(payload)
  const keys: number[] = []
  for (let n = r.varUint(); n > 0; n--) {
    const client = r.varUint()
    const clock = r.varUint()
    r.bytes()
    keys.push(client * 2 ** 21 + (clock % 2 ** 21))
  }
  return keys
}
