/**
 * The storage suite against a real PostgreSQL at TEST_DATABASE_URL (`.ci/postgres.sh start`
 * prints one). Each run works in a schema of its own, dropped at the end, so runs are
 * independent and leave nothing behind. In CI a missing URL fails the run: a suite that
 * silently skips there would let the PostgreSQL path rot.
 */
import pg from 'pg'
import { afterAll, describe, it } from 'vitest'
import { openPostgresStorage } from '../../src/storage/index.js'
import { describeStorage } from './storage-suite.js'

const url = process.env.TEST_DATABASE_URL
const missing =
  'TEST_DATABASE_URL is not set. Start PostgreSQL with `eval "$(.ci/postgres.sh start)"` ' +
  '(from the repository root), which prints TEST_DATABASE_URL.'

if (url) {
  const schema = `storage_test_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Pool({ connectionString: url, max: 1 })
  let created = false

  const schemaUrl = new URL(url)
  // Every connection of the storage's pool then creates and finds its tables in this schema.
  schemaUrl.searchParams.set('options', `-c search_path=${schema}`)

  const open = async () => {
    if (!created) {
      await admin.query(`CREATE SCHEMA ${schema}`)
      created = true
    }
    return openPostgresStorage({ connectionString: schemaUrl.toString(), max: 4 })
  }

  afterAll(async () => {
    if (created) await admin.query(`DROP SCHEMA ${schema} CASCADE`)
    await admin.end()
  })

  describeStorage('PostgreSQL', open, { reopens: true, opensTwice: true })
} else if (process.env.CI) {
  describe('PostgreSQL storage', () => {
    it('runs in CI, where TEST_DATABASE_URL must be set', () => {
      throw new Error(`${missing} CI must run the PostgreSQL storage suite.`)
    })
  })
} else {
  console.warn(`Skipping the PostgreSQL storage suite: ${missing}`)
  describe.skip('PostgreSQL storage (TEST_DATABASE_URL is not set)', () => {
    it('runs the storage suite against PostgreSQL', () => {})
  })
}
