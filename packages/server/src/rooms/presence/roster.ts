/**
 * Who is in the room, and what changed since the last `presence_diff`.
 *
 * Invariants:
 * - `changes` holds at most one entry per session (a pending diff is a map, never a queue):
 *   the diff is built from current values at flush, so repeated updates collapse to the last.
 * - A session that joined and left within one interval leaves no entry (others never hear of it).
 * - `rejoined` (present before the interval, left, joined again) is sent as `left` + `joined`
 *   at the same index of both lists, so that chunking keeps them in one message.
 * - `newcomers` ⊆ members: they get the whole roster at the next flush instead of the diff.
 */
import type {
  PresenceEntry,
  PresenceJoin,
  PresenceState,
  PresenceUpdate,
  PropValue,
  SessionId,
  UserInfo,
} from '@markdownsync/core'
import type { PresenceRecipient } from './contract.js'

interface Member {
  readonly recipient: PresenceRecipient
  readonly user: UserInfo
  presence: PropValue
}

type Change = 'joined' | 'rejoined' | 'updated' | 'left'

export interface PresenceChanges {
  readonly joined: readonly PresenceJoin[]
  readonly updated: readonly PresenceUpdate[]
  readonly left: readonly SessionId[]
}

export interface RosterDrain {
  /** The diff for sessions that were here before this interval (empty lists when none). */
  readonly diff: PresenceChanges
  readonly others: readonly PresenceRecipient[]
  /** Everyone present, as joined, for the sessions that joined in this interval. */
  readonly everyone: readonly PresenceJoin[]
  readonly newcomers: readonly PresenceRecipient[]
}

export class PresenceRoster {
  private readonly members = new Map<SessionId, Member>()
  private readonly changes = new Map<SessionId, Change>()
  private readonly newcomers = new Set<SessionId>()

  get size(): number {
    return this.members.size
  }

  userOf(session: SessionId): UserInfo | undefined {
    return this.members.get(session)?.user
  }

  join(recipient: PresenceRecipient, user: UserInfo, presence: PropValue): void {
    const id = recipient.id
    this.leave(id)
    this.members.set(id, { recipient, user, presence })
    this.newcomers.add(id)
    this.changes.set(id, this.changes.get(id) === 'left' ? 'rejoined' : 'joined')
  }

  leave(session: SessionId): boolean {
    if (!this.members.delete(session)) return false
    this.newcomers.delete(session)
    if (this.changes.get(session) === 'joined') this.changes.delete(session)
    else this.changes.set(session, 'left')
    return true
  }

  update(session: SessionId, presence: PropValue): boolean {
    const member = this.members.get(session)
    if (member === undefined) return false
    member.presence = presence
    // a pending join already carries the presence current at flush
    if (!this.changes.has(session)) this.changes.set(session, 'updated')
    return true
  }

  /** Takes what changed since the last drain; undefined when nothing did. */
  drain(): RosterDrain | undefined {
    if (this.changes.size === 0) return undefined
    const rejoined: SessionId[] = []
    const joined: PresenceJoin[] = []
    const updated: PresenceUpdate[] = []
    const left: SessionId[] = []
    for (const [session, change] of this.changes) {
      switch (change) {
        case 'joined':
          joined.push(this.joinOf(session))
          break
        case 'rejoined':
          rejoined.push(session)
          break
        case 'updated':
          updated.push({ session, presence: this.members.get(session)!.presence })
          break
        case 'left':
          left.push(session)
          break
        default:
          change satisfies never
      }
    }
    const others: PresenceRecipient[] = []
    const newcomers: PresenceRecipient[] = []
    for (const [id, member] of this.members) {
      if (this.newcomers.has(id)) newcomers.push(member.recipient)
      else others.push(member.recipient)
    }
    const everyone =
      newcomers.length === 0 ? [] : [...this.members.keys()].map((id) => this.joinOf(id))
    this.changes.clear()
    this.newcomers.clear()
    return {
      diff: {
        joined: [...rejoined.map((id) => this.joinOf(id)), ...joined],
        updated,
        left: [...rejoined, ...left],
      },
      others,
      everyone,
      newcomers,
    }
  }

  /** Everyone present now, as a client following the diffs sees them. */
  view(): PresenceState {
    const view = new Map<SessionId, PresenceEntry>()
    for (const [id, { user, presence }] of this.members) view.set(id, { user, presence })
    return view
  }

  private joinOf(session: SessionId): PresenceJoin {
    const { user, presence } = this.members.get(session)!
    return { session, user, presence }
  }
}
