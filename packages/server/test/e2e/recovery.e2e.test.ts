/**
 * Snapshots are derived data: the latest snapshot plus the tail of the op log must equal a
 * replay of the whole log, and a restarted server must recover from them.
 */
import { DocumentReplica, decodeEnvelope, ROOT_ID } from '@markdownsync/core'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { serverReplica } from '../../src/rooms/registry.js'
import { openPgliteStorage, openPostgresStorage } from '../../src/storage/index.js'
import type { Storage } from '../../src/storage/storage.js'
import { type Harness, startServer, until } from '../support/harness.js'

const replayAll = async (
  storage: Storage,
  docId: string,
  fromSeq = 0,
): Promise<DocumentReplica> => {
  const replica = serverReplica()
  const ops = await storage.readOps(docId, fromSeq, 100_000)
  replica.apply(
    ops.map((op) => {
      const decoded = decodeEnvelope(op.envelope)
      if (!decoded.ok) throw new Error(decoded.error.message)
      return decoded.value
    }),
  )
  return replica
}

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

/** The backends the suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
const backends: Array<[string, () => Promise<Storage>]> = [['PGlite', () => openPgliteStorage({})]]
const url = process.env.TEST_DATABASE_URL
if (url !== undefined && url !== '') {
  const schema = `recovery_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Pool({ connectionString: url, max: 1 })
  let created = false
  afterAll(async () => {
    if (created) await admin.query(`DROP SCHEMA ${schema} CASCADE`)
    await admin.end()
  })
  backends.push([
    'PostgreSQL',
    async () => {
      if (!created) await admin.query(`CREATE SCHEMA ${schema}`)
      created = true
      const schemaUrl = new URL(url)
      schemaUrl.searchParams.set('options', `-c search_path=${schema}`)
      return openPostgresStorage({ connectionString: schemaUrl.toString() })
    },
  ])
} else if (process.env.CI) {
  it('runs on PostgreSQL too (TEST_DATABASE_URL must be set in CI)', () => {
    throw new Error('TEST_DATABASE_URL is not set; .ci/run starts PostgreSQL and sets it')
  })
}

describe.each(backends)('snapshots and recovery on %s', (_name, openStorage) => {
  it('snapshot + tail equals a full replay of the op log', async () => {
    const storage = await openStorage()
    harness = await startServer({ storage, snapshotEveryOps: 40, snapshotMinIntervalMs: 0 })
    const a = await harness.client('snap-doc')
    const b = await harness.client('snap-doc')
    for (let i = 0; i < 150; i++) {
      const writer = i % 2 === 0 ? a : b
      const blocks = writer.doc.children(ROOT_ID)
      if (blocks.length < 3 || i % 4 === 0)
        writer.doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: `b${i}` })
      else if (i % 7 === 0) writer.doc.moveBlock(blocks[0]!, { parent: ROOT_ID })
      else writer.doc.insertText(blocks[i % blocks.length]!, 0, `${i}`)
    }
    await until(() => a.outbox.size === 0 && b.outbox.size === 0, 10_000, 'acks')
    const room = harness.app.markdownsync.rooms.get('snap-doc')!
    await room.snapshotNow()
    const snapshot = await storage.latestSnapshot('snap-doc')
    expect(snapshot).toBeDefined()
    // more ops after the snapshot: the tail
    for (let i = 0; i < 30; i++) a.doc.insertText(a.doc.children(ROOT_ID)[0]!, 0, 'x')
    await until(() => a.outbox.size === 0, 10_000, 'acks')
    await room.idle()

    const full = await replayAll(storage, 'snap-doc')
    const fromSnapshot = DocumentReplica.fromSnapshot(snapshot!.data, {
      replica: 0,
      reportRejectionsOf: 'all',
    })
    const tail = await storage.readOps('snap-doc', snapshot!.seq, 100_000)
    expect(tail.length).toBeGreaterThan(0)
    fromSnapshot.apply(
      tail.map((op) => {
        const decoded = decodeEnvelope(op.envelope)
        if (!decoded.ok) throw new Error(decoded.error.message)
        return decoded.value
      }),
    )
    expect(fromSnapshot.toCanonical()).toEqual(full.toCanonical())
    expect(full.toCanonical()).toEqual(room.replica.toCanonical())
    await storage.close()
  })

  it('a restarted server serves the same document from snapshot + tail', async () => {
    const storage = await openStorage()
    harness = await startServer({ storage, snapshotEveryOps: 25, snapshotMinIntervalMs: 0 })
    const a = await harness.client('restart-doc')
    for (let i = 0; i < 60; i++)
      a.doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: `line ${i}` })
    await until(() => a.outbox.size === 0, 10_000, 'acks')
    const before = harness.app.markdownsync.rooms.get('restart-doc')!.replica.toCanonical()
    await harness.app.close()
    harness = await startServer({ storage })
    const c = await harness.client('restart-doc')
    expect(c.doc.toCanonical()).toEqual(before)
    await storage.close()
  })
})
