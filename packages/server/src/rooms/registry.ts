/**
 * The open rooms of this server, by document id. A room is loaded on first use (snapshot +
 * tail of the op log), shared by every session of the document, and closed once it has had no
 * session for `IDLE_CLOSE_MS` (after its log commits and a final snapshot), so documents
 * opened once — by a session or by an HTTP export — do not stay in memory.
 */
import { DocumentReplica, decodeEnvelope, type SequencedEnvelope } from '@markdownsync/core'
import type { ServerOptions } from '../options.js'
import type { DocumentRecord, Storage } from '../storage/storage.js'
import { DocumentRoom, type RoomObserver } from './room.js'
import { SERVER_REPLICA } from './sequencer.js'

const READ_PAGE = 1_000
const IDLE_CLOSE_MS = 60_000

export const serverReplica = (): DocumentReplica =>
  new DocumentReplica({ replica: SERVER_REPLICA, user: 'server', reportRejectionsOf: 'all' })

export class RoomRegistry {
  private readonly rooms = new Map<string, DocumentRoom>()
  private readonly loading = new Map<string, Promise<DocumentRoom>>()
  private readonly emptySince = new Map<string, number>()
  private readonly sweeper: ReturnType<typeof setInterval>

  constructor(
    private readonly storage: Storage,
    private readonly options: ServerOptions,
    private readonly observer: RoomObserver,
    private readonly onRoomsChanged: (open: number) => void = () => undefined,
    private readonly idleCloseMs = IDLE_CLOSE_MS,
  ) {
    this.sweeper = setInterval(() => void this.closeIdle(), Math.max(10, idleCloseMs / 4))
    this.sweeper.unref()
  }

  /** Closes rooms that have had no session for `idleCloseMs`. */
  async closeIdle(now = Date.now()): Promise<void> {
    for (const [id, room] of this.rooms) {
      if (room.members.size > 0) {
        this.emptySince.delete(id)
        continue
      }
      const since = this.emptySince.get(id)
      if (since === undefined) this.emptySince.set(id, now)
      else if (now - since >= this.idleCloseMs) {
        this.emptySince.delete(id)
        await room.idle()
        if (room.members.size > 0) continue
        if (room.seq > 0) await room.snapshotNow().catch(() => undefined)
        if (room.members.size === 0) room.close('going_away', 'the document was idle')
      }
    }
  }

  get openCount(): number {
    return this.rooms.size
  }

  get(docId: string): DocumentRoom | undefined {
    return this.rooms.get(docId)
  }

  /** The open room of a stored document, loading it if needed. */
  open(record: DocumentRecord): Promise<DocumentRoom> {
    const open = this.rooms.get(record.id)
    if (open !== undefined) return Promise.resolve(open)
    let loading = this.loading.get(record.id)
    if (loading === undefined) {
      loading = this.load(record).finally(() => this.loading.delete(record.id))
      this.loading.set(record.id, loading)
    }
    return loading
  }

  private async load(record: DocumentRecord): Promise<DocumentRoom> {
    const snapshot = await this.storage.latestSnapshot(record.id)
    const replica =
      snapshot === undefined
        ? serverReplica()
        : DocumentReplica.fromSnapshot(snapshot.data, {
            replica: SERVER_REPLICA,
            user: 'server',
            reportRejectionsOf: 'all',
          })
    const fromSeq = snapshot?.seq ?? 0
    const tail: SequencedEnvelope[] = []
    let after = fromSeq
    for (;;) {
      const page = await this.storage.readOps(record.id, after, READ_PAGE)
      for (const stored of page) {
        const decoded = decodeEnvelope(stored.envelope)
        if (!decoded.ok)
          throw new Error(`op ${stored.seq} of ${record.id} is damaged: ${decoded.error.message}`)
        tail.push({ seq: stored.seq, envelope: decoded.value })
      }
      if (page.length < READ_PAGE) break
      after = page[page.length - 1]!.seq
    }
    // one apply for the whole tail: the move tree undoes/redoes once (applyMany)
    replica.apply(tail.map((e) => e.envelope))
    const room = DocumentRoom.load(
      {
        docId: record.id,
        kind: record.kind,
        storage: this.storage,
        options: this.options,
        observer: this.observer,
        onClosed: (closed) => {
          if (this.rooms.get(record.id) === closed) this.rooms.delete(record.id)
          this.onRoomsChanged(this.rooms.size)
        },
      },
      replica,
      fromSeq,
      tail,
    )
    this.rooms.set(record.id, room)
    this.onRoomsChanged(this.rooms.size)
    return room
  }

  /** Commits and snapshots every room, then closes them (server shutdown). */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper)
    const rooms = [...this.rooms.values()]
    await Promise.all(
      rooms.map(async (room) => {
        await room.idle()
        if (room.seq > 0) await room.snapshotNow().catch(() => undefined)
        room.close('going_away', 'the server is shutting down')
      }),
    )
  }
}
