import { describe, expect, it } from 'vitest'
import {
  colorForUser,
  parseAccessClaims,
  resolveGrant,
  scopesToPermissions,
  USER_COLORS,
} from '../../src/auth/claims.js'

const valid = { sub: 'alice', name: 'Alice', perms: { 'doc-1': ['doc:read'] } }

describe('parseAccessClaims', () => {
  it('a user id of exactly 128 UTF-8 bytes passes and one byte more fails', () => {
    expect(parseAccessClaims({ ...valid, sub: 'é'.repeat(64) }).ok).toBe(true)
    expect(parseAccessClaims({ ...valid, sub: `${'é'.repeat(64)}x` }).ok).toBe(false)
  })

  it('a name of exactly 128 UTF-8 bytes passes and one byte more fails', () => {
    expect(parseAccessClaims({ ...valid, name: 'n'.repeat(128) }).ok).toBe(true)
    expect(parseAccessClaims({ ...valid, name: 'n'.repeat(129) }).ok).toBe(false)
  })

  it('a user id with control characters is refused', () => {
    expect(parseAccessClaims({ ...valid, sub: 'ali\nce' })).toMatchObject({ ok: false })
  })

  it('a prefix key longer than an id is refused', () => {
    const perms = { [`${'d'.repeat(129)}*`]: ['doc:read'] }
    expect(parseAccessClaims({ ...valid, perms })).toMatchObject({ ok: false })
  })

  it('a "__proto__" perms key stays an ordinary grant', () => {
    const payload = JSON.parse('{"sub":"a","name":"A","perms":{"__proto__":["doc:read"]}}')
    const parsed = parseAccessClaims(payload)
    expect(parsed.ok && resolveGrant(parsed.claims.perms, '__proto__')).toEqual(['doc:read'])
    expect(parsed.ok && resolveGrant(parsed.claims.perms, 'other')).toBeUndefined()
  })

  it('repeated scopes are kept once', () => {
    const parsed = parseAccessClaims({ ...valid, perms: { d: ['doc:read', 'doc:read'] } })
    expect(parsed.ok && parsed.claims.perms.d).toEqual(['doc:read'])
  })
})

describe('resolveGrant', () => {
  it('a "*" in the middle of a key is part of a document id, not a wildcard', () => {
    expect(resolveGrant({ 'a*b': ['doc:read'] }, 'a*b')).toEqual(['doc:read'])
    expect(resolveGrant({ 'a*b': ['doc:read'] }, 'axb')).toBeUndefined()
  })
})

describe('scopesToPermissions', () => {
  it('no scopes grant nothing', () => {
    expect(scopesToPermissions([])).toEqual([])
  })

  it('all scopes grant read, write and presence, never admin', () => {
    expect(scopesToPermissions(['presence:write', 'doc:read', 'doc:write'])).toEqual([
      'read',
      'write',
      'presence',
    ])
  })
})

describe('colorForUser', () => {
  it('is the same colour for the same user id every time', () => {
    expect(colorForUser('user-42')).toBe(colorForUser('user-42'))
  })

  it('spreads users over the whole palette', () => {
    const seen = new Set(Array.from({ length: 500 }, (_, i) => colorForUser(`user-${i}`)))
    expect(seen).toEqual(new Set(USER_COLORS))
  })

  it('has twelve distinct lowercase #rrggbb colours', () => {
    expect(new Set(USER_COLORS).size).toBe(12)
    for (const color of USER_COLORS) expect(color).toMatch(/^#[0-9a-f]{6}$/)
  })
})
