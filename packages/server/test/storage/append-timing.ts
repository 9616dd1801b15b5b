/**
 * How long `appendOps` of one 50-op batch takes on each backend: the number that sizes group
 * commit (DESIGN.md, "Durability"). Not a test (no timing assertions anywhere); run it by hand:
 *
 *   npx tsx test/storage/append-timing.ts            # PGlite in memory and on disk
 *   TEST_DATABASE_URL=postgres://… npx tsx test/storage/append-timing.ts   # and PostgreSQL
 *
 * Prints the median and 95th percentile of RUNS batches after WARMUP unmeasured ones.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import {
  openPgliteStorage,
  openPostgresStorage,
  type Storage,
  type StoredOp,
} from '../../src/storage/index.js'

const BATCH = 50
const RUNS = 200
const WARMUP = 20
const ENVELOPE_BYTES = [200, 1024]

const batch = (from: number, envelopeBytes: number): StoredOp[] =>
  Array.from({ length: BATCH }, (_, i) => ({
    seq: from + i,
    opId: `0000018f-${from + i}-replica`,
    kind: 'edit_text',
    userId: 'user-1',
    envelope: new Uint8Array(envelopeBytes).fill((from + i) & 0xff),
  }))

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

const measure = async (name: string, storage: Storage): Promise<void> => {
  for (const envelopeBytes of ENVELOPE_BYTES) {
    const docId = `timing-${envelopeBytes}-${Date.now()}`
    await storage.createDocument({ id: docId, kind: 'doc' })
    const times: number[] = []
    let seq = 0
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const ops = batch(seq + 1, envelopeBytes)
      const started = performance.now()
      await storage.appendOps(docId, ops)
      if (run >= WARMUP) times.push(performance.now() - started)
      seq += BATCH
    }
    times.sort((a, b) => a - b)
    console.log(
      `${name.padEnd(18)} ${BATCH} ops × ${String(envelopeBytes).padStart(4)} B: ` +
        `median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms`,
    )
  }
}

const run = async (name: string, open: () => Promise<Storage>): Promise<void> => {
  const started = performance.now()
  const storage = await open()
  console.log(`${name.padEnd(18)} open + migrate: ${(performance.now() - started).toFixed(0)} ms`)
  try {
    await measure(name, storage)
  } finally {
    await storage.close()
  }
}

await run('PGlite in memory', () => openPgliteStorage())

const dataDir = mkdtempSync(join(tmpdir(), 'markdownsync-timing-'))
try {
  await run('PGlite on disk', () => openPgliteStorage({ dataDir }))
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}

const url = process.env.TEST_DATABASE_URL
if (url) {
  const schema = `append_timing_${process.pid}`
  const admin = new pg.Pool({ connectionString: url, max: 1 })
  await admin.query(`CREATE SCHEMA ${schema}`)
  const schemaUrl = new URL(url)
  schemaUrl.searchParams.set('options', `-c search_path=${schema}`)
  try {
    await run('PostgreSQL', () => openPostgresStorage({ connectionString: schemaUrl.toString() }))
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`)
    await admin.end()
  }
} else {
  console.log('PostgreSQL: skipped (TEST_DATABASE_URL is not set)')
}
