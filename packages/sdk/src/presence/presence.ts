/**
 * Who else is here and where their carets are, rebuilt from `presence_diff` and `cursor_batch`
 * with the core's pure functions (PRESENCE-1, CURSOR-1/2, client-state.ts), and this client's
 * own presence and caret, sent at most 4 times a second each (the server batches cursors at
 * 10 Hz and allows 30 presence messages a second).
 *
 * Carets travel as Yjs relative positions, so they stay on the same character while others
 * type; `$others` holds them resolved to indices in this client's copy of the text.
 */
import {
  applyCursorBatch,
  applyPresenceDiff,
  type ClientMessage,
  type CursorCluster,
  type CursorState,
  decodeClientMessage,
  dropPartition,
  encodeClientMessage,
  type PartitionId,
  type PresenceState,
  type PropValue,
  type RemoteCursor,
  type ServerMessage,
  type SessionId,
  type WelcomeMessage,
} from '@markdownsync/core'
import { atom } from 'nanostores'
import type { DocumentEngine } from '../engine/engine.js'
import { type RoomError, roomError } from '../errors.js'
import type {
  CursorPosition,
  Other,
  PresenceData,
  PresenceUpdate,
  RoomEvent,
  Self,
} from '../room/types.js'
import { type Throttled, throttle } from '../throttle.js'

export interface PresenceLink {
  /** Sends messages if the session is admitted; false otherwise. */
  send(messages: readonly ClientMessage[]): boolean
  readonly isOpen: boolean
  mayShowPresence(): boolean
}

export interface PresenceOptions<P extends PresenceData> {
  readonly initialPresence: P
  readonly link: PresenceLink
  readonly engine: DocumentEngine
  readonly error: (error: RoomError) => void
  readonly event: (event: RoomEvent) => void
  /** Least time between two presence (and two cursor) messages. Default 250 ms (4 Hz). */
  readonly intervalMs?: number
}

/** Why the server could not decode this message, or undefined when it could. */
export const messageProblem = (message: ClientMessage): string | undefined => {
  try {
    const decoded = decodeClientMessage(encodeClientMessage(message))
    return decoded.ok ? undefined : decoded.error.message
  } catch (error) {
    return (error as Error)?.message ?? String(error)
  }
}

export class RoomPresence<P extends PresenceData> {
  readonly $self = atom<Self<P> | undefined>(undefined)
  readonly $others = atom<readonly Other<P>[]>([])
  readonly $clusters = atom<readonly CursorCluster[]>([])
  private data: P
  private cursor: CursorPosition | null = null
  private welcome: WelcomeMessage | undefined
  private state: PresenceState = new Map()
  private cursors: CursorState = new Map()
  private version = 0
  /** Presence changed since the `hello` of this connection. */
  private changedSinceHello = false
  private warnedForbidden = false
  private readonly sendPresence: Throttled<[]>
  private readonly sendCursor: Throttled<[]>

  constructor(private readonly options: PresenceOptions<P>) {
    this.data = options.initialPresence
    const interval = options.intervalMs ?? 250
    this.sendPresence = throttle(() => this.flushPresence(), interval)
    this.sendCursor = throttle(() => void this.flushCursor(), interval)
  }

  /** The presence announced in `hello`. */
  helloPresence(): PropValue {
    this.changedSinceHello = false
    return this.data
  }

  welcomed(welcome: WelcomeMessage): void {
    this.welcome = welcome
    this.warnedForbidden = false
    this.updateSelf()
    if (this.changedSinceHello) this.sendPresence()
    // a new session has no caret on the server
    if (this.cursor !== null) this.sendCursor()
  }

  disconnected(): void {
    this.state = new Map()
    this.cursors = new Map()
    this.refresh()
  }

  dropPartitions(partitions: readonly PartitionId[]): void {
    for (const p of partitions) this.cursors = dropPartition(this.cursors, p)
    this.refresh()
  }

  handle(
    message: Extract<ServerMessage, { type: 'presence_diff' | 'cursor_batch' | 'event' }>,
  ): void {
    switch (message.type) {
      case 'presence_diff':
        this.state = applyPresenceDiff(this.state, message)
        this.refresh()
        return
      case 'cursor_batch':
        this.cursors = applyCursorBatch(this.cursors, message)
        this.refresh()
        return
      case 'event':
        this.options.event({ session: message.session, user: message.user, data: message.data })
        return
    }
  }

  update(patch: PresenceUpdate<P>): void {
    const { cursor, ...rest } = patch as PresenceUpdate<P> & Record<string, unknown>
    const keys = Object.keys(rest)
    if (keys.length > 0) {
      const next: Record<string, PropValue> = { ...this.data }
      for (const key of keys) {
        const value = rest[key]
        if (value === undefined) delete next[key]
        else next[key] = value as PropValue
      }
      const problem = messageProblem({ type: 'presence', data: next })
      if (problem !== undefined) {
        this.options.error(roomError('invalid_message', `presence not updated: ${problem}`))
      } else {
        this.data = next as P
        this.changedSinceHello = true
        this.updateSelf()
        this.sendPresence()
      }
    }
    if ('cursor' in patch) {
      this.cursor = cursor ?? null
      this.sendCursor()
    }
  }

  dispose(): void {
    this.sendPresence.cancel()
    this.sendCursor.cancel()
  }

  private mayShow(): boolean {
    if (!this.options.link.isOpen) return false
    if (this.options.link.mayShowPresence()) return true
    if (!this.warnedForbidden) {
      this.warnedForbidden = true
      this.options.error(
        roomError(
          'permission_denied',
          'this session may not show presence (it has no presence or write permission)',
        ),
      )
    }
    return false
  }

  private flushPresence(): void {
    if (!this.mayShow()) return
    if (this.options.link.send([{ type: 'presence', data: this.data }]))
      this.changedSinceHello = false
  }

  private async flushCursor(): Promise<void> {
    if (!this.mayShow()) return
    const cursor = this.cursor
    if (cursor === null) {
      this.options.link.send([{ type: 'cursor_clear' }])
      return
    }
    const encoded = await this.options.engine.query({
      type: 'encode_cursor',
      block: cursor.block,
      index: cursor.index,
      ...(cursor.head === undefined ? {} : { head: cursor.head }),
    })
    if (encoded === undefined || cursor !== this.cursor) return
    this.options.link.send([
      {
        type: 'cursor',
        block: cursor.block,
        anchor: encoded.anchor,
        ...(encoded.head === undefined ? {} : { head: encoded.head }),
      },
    ])
  }

  private updateSelf(): void {
    const welcome = this.welcome
    if (welcome === undefined) return
    this.$self.set({
      session: welcome.session,
      user: welcome.user,
      permissions: welcome.permissions,
      presence: this.data,
    })
  }

  /** Rebuilds `$others` and `$clusters`; carets are resolved by the engine (asynchronously). */
  private refresh(): void {
    const version = ++this.version
    const own = this.welcome?.session
    const cursorOf = new Map<SessionId, RemoteCursor>()
    const clusters: CursorCluster[] = []
    for (const view of this.cursors.values()) {
      for (const [session, cursor] of view.cursors) cursorOf.set(session, cursor)
      clusters.push(...view.clusters.values())
    }
    const entries = [...this.state].filter(([session]) => session !== own)
    const withCursor = entries.flatMap(([session]) => {
      const cursor = cursorOf.get(session)
      return cursor === undefined ? [] : [cursor]
    })
    const publish = (
      resolved: ReadonlyArray<{ readonly index: number; readonly head?: number } | undefined>,
    ): void => {
      if (version !== this.version) return
      const at = new Map(withCursor.map((c, i) => [c.session, resolved[i]]))
      this.$others.set(
        entries.map(([session, entry]): Other<P> => {
          const cursor = cursorOf.get(session)
          const position = at.get(session)
          return {
            session,
            user: entry.user,
            presence: entry.presence as P,
            cursor:
              cursor === undefined
                ? null
                : {
                    block: cursor.block,
                    index: position?.index ?? null,
                    ...(cursor.head === undefined ? {} : { head: position?.head ?? null }),
                  },
          }
        }),
      )
      this.$clusters.set(clusters)
    }
    if (withCursor.length === 0) {
      publish([])
      return
    }
    void this.options.engine
      .query({
        type: 'resolve_cursors',
        cursors: withCursor.map((c) => ({
          block: c.block,
          anchor: c.anchor,
          ...(c.head === undefined ? {} : { head: c.head }),
        })),
      })
      .then(publish)
  }
}
