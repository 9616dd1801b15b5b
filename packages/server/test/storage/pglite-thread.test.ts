/**
 * What running PGlite on a worker thread adds to the storage suite (pglite-memory and pglite-disk
 * run the suite on the thread, the default): errors, bytes and transactions cross the thread
 * boundary unchanged, the thread's death fails calls instead of hanging them, and the thread
 * keeps the process alive only while a call waits on it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockDataDir } from '../../src/storage/data-dir-lock.js'
import { openPgliteStorage } from '../../src/storage/index.js'
import { type PgliteThread, startPgliteThread } from '../../src/storage/pglite-thread.js'
import { SQLSTATE, sqlState } from '../../src/storage/sql-client.js'

/** A statement that runs for minutes: a call certainly pending when the thread dies. */
const ENDLESS = 'SELECT count(*) FROM generate_series(1, 10000000000)'

describe('PGlite on a worker thread', () => {
  let client: PgliteThread
  let tables = 0
  /** A new table `(id int primary key, data bytea)`. */
  const newTable = async (): Promise<string> => {
    const table = `t${++tables}`
    await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, data bytea)`)
    return table
  }

  beforeAll(async () => {
    client = await startPgliteThread({ dataDir: undefined })
  })
  afterAll(() => client.close())

  it('a unique violation keeps its SQLSTATE and message across the thread', async () => {
    const table = await newTable()
    await client.query(`INSERT INTO ${table} (id) VALUES (1)`)
    const error = await client.query(`INSERT INTO ${table} (id) VALUES (1)`).catch((e) => e)
    expect(sqlState(error)).toBe(SQLSTATE.uniqueViolation)
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toMatch(/duplicate key value violates unique constraint/)
  })

  it('a bytea parameter that views part of a larger buffer is stored as exactly its bytes', async () => {
    const table = await newTable()
    const frame = new Uint8Array(4096).map((_, i) => i & 0xff)
    const envelope = frame.subarray(1000, 1010)
    await client.query(`INSERT INTO ${table} (id, data) VALUES (1, $1)`, [envelope])
    const { rows } = await client.query<{ data: Uint8Array }>(`SELECT data FROM ${table}`)
    expect(rows[0]!.data).toEqual(new Uint8Array(envelope))
  })

  it("a transaction whose callback throws is rolled back, and the caller gets the callback's error", async () => {
    const table = await newTable()
    const failure = new Error('the callback failed')
    const outcome = client.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id) VALUES (1)`)
      throw failure
    })
    await expect(outcome).rejects.toBe(failure)
    expect((await client.query(`SELECT id FROM ${table}`)).rows).toEqual([])
  })

  it("another caller's statement waits for an open transaction, so it never sees its uncommitted rows", async () => {
    const table = await newTable()
    let outside: Promise<{ rows: { n: number }[] }> | undefined
    const outcome = client.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id) VALUES (1)`)
      // Sent while the transaction is open: run in the session at once, it would count 1.
      outside = client.query(`SELECT count(*)::int AS n FROM ${table}`)
      await tx.query(`INSERT INTO ${table} (id) VALUES (2)`)
      throw new Error('roll back')
    })
    await expect(outcome).rejects.toThrow('roll back')
    expect((await outside!).rows).toEqual([{ n: 0 }])
  })

  it('close ends the thread, and a call after close fails saying the storage is closed', async () => {
    const other = await startPgliteThread({ dataDir: undefined })
    const exited = new Promise((resolve) => other.worker.once('exit', resolve))
    await other.close()
    await exited
    await expect(other.query('SELECT 1')).rejects.toThrow(/PGlite storage is closed/)
  })
})

describe('a PGlite worker thread that dies', () => {
  it('killed: the pending call and every later call fail, saying the thread exited', async () => {
    const client = await startPgliteThread({ dataDir: undefined })
    const pending = client.query(ENDLESS)
    await client.worker.terminate()
    await expect(pending).rejects.toThrow(/PGlite worker thread exited/)
    await expect(client.query('SELECT 1')).rejects.toThrow(/PGlite worker thread exited/)
    await expect(client.transaction(async () => 1)).rejects.toThrow(/worker thread exited/)
    await client.close()
  })

  it('of an uncaught error: the pending call fails with that error', async () => {
    const client = await startPgliteThread({ dataDir: undefined })
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let began!: () => void
    const begun = new Promise<void>((resolve) => {
      began = resolve
    })
    // An open transaction holds PGlite's lock, so this query waits on the thread, which is
    // idle and reads its next message.
    const transaction = client.transaction(async (tx) => {
      await tx.query('SELECT 1')
      began()
      await held
    })
    await begun
    const pending = client.query('SELECT 2')
    // A message the worker does not know: the two sides are out of step, and it throws.
    client.worker.postMessage({ type: 'unheard-of' })
    await expect(pending).rejects.toThrow(/PGlite worker thread failed: unknown message/)
    release()
    await expect(transaction).rejects.toThrow(/PGlite worker thread failed/)
    await client.close()
  })
})

it('a folder PGlite cannot open fails the open with its error, and the folder is unlocked again', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'markdownsync-thread-'))
  try {
    writeFileSync(join(dataDir, 'PG_VERSION'), 'not a version\n')
    await expect(openPgliteStorage({ dataDir })).rejects.toThrow(/PGlite failed to initialize/)
    await (await lockDataDir(dataDir)).release()
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})

it('an idle open storage does not keep the process alive, and a call it awaits does', () => {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('fixtures/open-and-leave.ts', import.meta.url))],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 60_000 },
  )
  expect(child.stderr).toBe('')
  expect(child.stdout).toBe('left-open\n')
  expect(child.status).toBe(0)
}, 90_000)
