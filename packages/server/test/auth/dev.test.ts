import { expect, it } from 'vitest'
import { devUser } from '../../src/auth/dev.js'
import { createTokenAuthority } from '../../src/auth/tokens.js'

it('a dev user can read, write and show presence on any document', async () => {
  const authority = createTokenAuthority({ secret: 'x'.repeat(32) })
  const result = await authority.verify(await authority.issue(devUser('Ada')), 'any-doc')
  expect(result).toMatchObject({
    ok: true,
    user: { name: 'Ada', kind: 'human' },
    permissions: ['read', 'write', 'presence'],
  })
})

it('every dev user gets a fresh dev- id', () => {
  const a = devUser()
  const b = devUser()
  expect(a.userId).toMatch(/^dev-[0-9a-f]{12}$/)
  expect(a.userId).not.toBe(b.userId)
})
