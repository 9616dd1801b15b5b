/**
 * Waiting for a room and its clients to go quiet: every op acknowledged, every client at the
 * server's seq and caught up. A timeout names the clients still behind and why.
 */
import { ROOT_ID, TYPE_PROPERTY } from '@markdownsync/core'
import type { DocumentRoom } from '../../src/rooms/room.js'
import { until } from './harness.js'
import type { ProtocolClient } from './protocol-client.js'

export interface SettleOptions {
  readonly timeoutMs?: number
  /**
   * A client that, once every outbox is empty, sends a structure op that changes nothing (a
   * block's type set to what it is). Structure reaches every session (DELIVERY-1), so sessions
   * that see only part of the document, whose last op may never come to them, reach the
   * server's seq too.
   */
  readonly barrier?: ProtocolClient
}

export const settle = async (
  room: DocumentRoom,
  clients: readonly ProtocolClient[],
  options: SettleOptions = {},
): Promise<void> => {
  const timeoutMs = options.timeoutMs ?? 10_000
  const behind = () =>
    clients
      .map((c, i) => ({
        i,
        outbox: c.outbox.size,
        seq: c.lastSeq,
        catchingUp: c.pendingCatchUps,
        errors: c.received.flatMap((m) => (m.type === 'error' ? [m.code] : [])),
        rejects: c.rejects.map((r) => r.code),
        closed: c.closeCode,
      }))
      .filter((c) => c.outbox > 0 || c.seq !== room.seq || c.catchingUp.length > 0)
  const fail = (e: Error): never => {
    const partitions = room.partitions.partitions.map((p) => p.id)
    throw new Error(
      `${e.message}; server at ${room.seq}, partitions ${partitions}: ${JSON.stringify(behind())}`,
    )
  }
  const barrier = options.barrier
  if (barrier !== undefined) {
    await until(() => clients.every((c) => c.outbox.size === 0), timeoutMs, 'every op acked').catch(
      fail,
    )
    const block = barrier.doc.children(ROOT_ID)[0]!
    barrier.doc.setProperty(block, TYPE_PROPERTY, barrier.doc.type(block))
  }
  await until(() => behind().length === 0, timeoutMs, 'every client settled').catch(fail)
}
