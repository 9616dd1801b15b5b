import { describe, expect, it } from 'vitest'
import { storageBackend } from '../../src/storage/index.js'

describe('storageBackend', () => {
  it('selects PGlite without a databaseUrl, or with an empty one', () => {
    expect(storageBackend({})).toBe('pglite')
    expect(storageBackend({ databaseUrl: '', dataDir: '/var/lib/markdownsync' })).toBe('pglite')
  })

  it('selects PostgreSQL for postgres:// and postgresql:// URLs', () => {
    expect(storageBackend({ databaseUrl: 'postgres://u:p@db:5432/app' })).toBe('postgres')
    expect(storageBackend({ databaseUrl: 'postgresql://db/app' })).toBe('postgres')
  })

  it('refuses any other scheme, naming it but not the password', () => {
    const select = () => storageBackend({ databaseUrl: 'mysql://user:secret@db/app' })
    expect(select).toThrow(/postgres:\/\/ or postgresql:\/\/, got mysql:/)
    expect(select).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret') }),
    )
  })
})
