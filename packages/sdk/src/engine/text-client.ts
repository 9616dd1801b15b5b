/**
 * The room's side of the text rebase protocol, for one block: ot.js's `Client` (Tim Baumann),
 * with the engine as its server (engine/text-log.ts). States: Synchronized (nothing `sent`),
 * AwaitingConfirm (`sent`), AwaitingWithBuffer (`sent` and `buffer`). A local edit applies to
 * the mirror at once and is sent when Synchronized, else composed into the buffer; an
 * acknowledgement sends the buffer; a remote change is transformed over `sent` and `buffer`
 * before it applies to the mirror. The room's edits win ties (they are `first`), as the engine
 * rebases them.
 *
 * Invariants: `rev` is the engine revision the mirror builds on (one per change pushed); the
 * mirror is the engine's text at `rev` with `sent` then `buffer` applied; at most one edit is
 * in flight. An acknowledgement names its edit (`seq`): one of an edit sent before the block's
 * history started anew (a client since forgotten) is a change made elsewhere to this client.
 */
import type { TextDelta } from './engine.js'
import { compose, transform } from './text-delta.js'

export interface TextClient {
  rev: number
  sent?: TextDelta | undefined
  /** The number `sent` went with: the acknowledgement names it. */
  seq?: number
  buffer?: TextDelta | undefined
}

/** A local edit: the delta to send now (computed at `client.rev`), or undefined when it waits. */
export const localEdit = (client: TextClient, delta: TextDelta): TextDelta | undefined => {
  if (client.sent === undefined) {
    client.sent = delta
    return delta
  }
  client.buffer = client.buffer === undefined ? delta : compose(client.buffer, delta)
  return undefined
}

/** The engine applied the edit in flight: the buffer to send now, if any. */
export const acknowledged = (client: TextClient): TextDelta | undefined => {
  client.rev++
  client.sent = client.buffer
  client.buffer = undefined
  return client.sent
}

/** A change made elsewhere: returns it as it applies to the mirror. */
export const remoteChange = (client: TextClient, delta: TextDelta): TextDelta => {
  client.rev++
  let change = delta
  if (client.sent !== undefined) {
    const sent = client.sent
    client.sent = transform(sent, change, true)
    change = transform(change, sent, false)
  }
  if (client.buffer !== undefined) {
    const buffer = client.buffer
    client.buffer = transform(buffer, change, true)
    change = transform(change, buffer, false)
  }
  return change
}
