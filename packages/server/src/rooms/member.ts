/**
 * A session as the room sees it: who it is, what it may do, and its outbound queue. The
 * socket-facing half (decoding, rate limits, heartbeats) lives in sessions/session.ts.
 */
import type { CloseReason, OpAck, Permission, SessionId, UserInfo } from '@markdownsync/core'
import type { Outbound } from '../sessions/outbound.js'

export interface RoomMember {
  readonly id: SessionId
  readonly user: UserInfo
  readonly permissions: readonly Permission[]
  /** The replica id this session's ops carry (from `welcome`). */
  readonly replica: number
  readonly outbound: Outbound
  /** Ops of this session sequenced but not yet durable, in seq order (ACK-2). */
  readonly awaitingAcks: OpAck[]
  /** The sequence the session's state includes; broadcasts at or below it are skipped. */
  syncedSeq: number
  /** Set while the session is lagging: no durable ops are queued until it catches up. */
  lagging: boolean
  /** Queues an ephemeral frame (cursors) and schedules a flush. */
  sendEphemeral(frame: Uint8Array): void
  /** Queues a presence diff, which is never dropped, and schedules a flush. */
  sendPresence(frame: Uint8Array): void
  /** Ends the session with a close code (the room has already dropped it). */
  close(reason: CloseReason, message?: string): void
}

export const can = (member: Pick<RoomMember, 'permissions'>, permission: Permission): boolean =>
  member.permissions.includes(permission)
