import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import type { TokenGrants } from '../../src/auth/claims.js'
import { createTokenAuthority, type IssueInput } from '../../src/auth/tokens.js'

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256'
const T0 = Date.UTC(2030, 0, 1)

/** An authority whose clock the test moves by hand. */
const setup = (options: { secret?: string; audience?: string } = {}) => {
  const clock = { now: T0 }
  const authority = createTokenAuthority({
    secret: options.secret ?? SECRET,
    now: () => clock.now,
    ...(options.audience === undefined ? {} : { audience: options.audience }),
  })
  return { clock, authority }
}

const alice = (perms: TokenGrants = { 'doc-1': ['doc:write'] }): IssueInput => ({
  userId: 'alice',
  name: 'Alice',
  perms,
})

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Signs arbitrary claims with the real secret, to test claims `issue` would never produce. */
const signRaw = (payload: Record<string, unknown>, secret = SECRET): Promise<string> =>
  new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('markdownsync')
    .setIssuedAt(T0 / 1000)
    .setExpirationTime(T0 / 1000 + 60)
    .sign(new TextEncoder().encode(secret))

describe('issue → verify', () => {
  it('a token it issued verifies with the user, the permissions and the expiry', async () => {
    const { authority } = setup()
    const token = await authority.issue({
      ...alice(),
      color: '#112233',
      kind: 'agent',
      expiresInSeconds: 120,
    })
    expect(await authority.verify(token, 'doc-1')).toEqual({
      ok: true,
      user: { id: 'alice', name: 'Alice', color: '#112233', kind: 'agent' },
      permissions: ['read', 'write'],
      expiresAt: T0 + 120_000,
    })
  })

  it('a user without a colour gets the same derived colour in every token', async () => {
    const { authority } = setup()
    const a = await authority.verify(await authority.issue(alice()), 'doc-1')
    const b = await authority.verify(
      await authority.issue({ ...alice(), name: 'Alice again' }),
      'doc-1',
    )
    expect(a.ok && b.ok && a.user.color === b.user.color).toBe(true)
    expect(a.ok && a.user.color).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('a token without a kind is a human', async () => {
    const { authority } = setup()
    const result = await authority.verify(await authority.issue(alice()), 'doc-1')
    expect(result.ok && result.user.kind).toBe('human')
  })

  it('tokens last an hour by default', async () => {
    const { authority } = setup()
    const result = await authority.verify(await authority.issue(alice()), 'doc-1')
    expect(result.ok && result.expiresAt).toBe(T0 + 3_600_000)
  })

  it('issue refuses invalid input, naming the claim', async () => {
    const { authority } = setup()
    await expect(authority.issue({ ...alice(), color: '#ABCDEF' })).rejects.toThrow(/color/)
    await expect(authority.issue({ ...alice(), name: 'é'.repeat(65) })).rejects.toThrow(/name/)
    await expect(authority.issue({ ...alice(), expiresInSeconds: 0 })).rejects.toThrow(
      /expiresInSeconds/,
    )
  })

  it('issue refuses a token that would be larger than the protocol allows', async () => {
    const { authority } = setup()
    const perms = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`document-${i}`, ['doc:read'] as const]),
    )
    await expect(authority.issue(alice(perms))).rejects.toThrow(/larger than 8192/)
  })

  it('a secret shorter than 32 bytes is refused at creation', () => {
    expect(() => createTokenAuthority({ secret: 'short' })).toThrow(RangeError)
  })
})

describe('verify refuses what it cannot trust, with a reason', () => {
  it('a token is valid until its expiry and expired from that second on', async () => {
    const { clock, authority } = setup()
    const token = await authority.issue({ ...alice(), expiresInSeconds: 60 })
    clock.now = T0 + 59_999
    expect((await authority.verify(token, 'doc-1')).ok).toBe(true)
    clock.now = T0 + 60_000
    expect(await authority.verify(token, 'doc-1')).toEqual({
      ok: false,
      code: 'unauthorized',
      reason: 'token expired',
    })
  })

  it('a token signed with another secret has an invalid signature', async () => {
    const { authority: forger } = setup({ secret: 'another-secret-that-is-long-enough-too' })
    const { authority } = setup()
    expect(await authority.verify(await forger.issue(alice()), 'doc-1')).toEqual({
      ok: false,
      code: 'unauthorized',
      reason: 'invalid token signature',
    })
  })

  it('a payload edited after signing has an invalid signature', async () => {
    const { authority } = setup()
    const [header, , signature] = (await authority.issue(alice())).split('.')
    const widened = b64url({
      sub: 'alice',
      name: 'Alice',
      perms: { '*': ['doc:write'] },
      iss: 'markdownsync',
      iat: T0 / 1000,
      exp: T0 / 1000 + 3600,
    })
    const result = await authority.verify(`${header}.${widened}.${signature}`, 'doc-2')
    expect(result).toMatchObject({ ok: false, code: 'unauthorized' })
    expect(!result.ok && result.reason).toBe('invalid token signature')
  })

  it('an unsigned token (alg "none") is refused', async () => {
    const { authority } = setup()
    const payload = { sub: 'eve', name: 'Eve', perms: { '*': ['doc:write'] }, iss: 'markdownsync' }
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`
    expect(await authority.verify(token, 'doc-1')).toEqual({
      ok: false,
      code: 'unauthorized',
      reason: 'token must be signed with HS256',
    })
  })

  it('a token signed with another algorithm is refused', async () => {
    const { authority } = setup()
    const token = await new SignJWT({ sub: 'alice', name: 'Alice', perms: { '*': ['doc:read'] } })
      .setProtectedHeader({ alg: 'HS512' })
      .setIssuer('markdownsync')
      .setIssuedAt(T0 / 1000)
      .setExpirationTime(T0 / 1000 + 60)
      .sign(new TextEncoder().encode(SECRET))
    expect(await authority.verify(token, 'doc-1')).toEqual({
      ok: false,
      code: 'unauthorized',
      reason: 'token must be signed with HS256',
    })
  })

  it.each([
    ['an empty string', ''],
    ['a word', 'hello'],
    ['two segments', 'abc.def'],
    ['garbage segments', 'a.b.c'],
    ['a header that is not JSON', `${Buffer.from('{').toString('base64url')}.e30.sig`],
  ])('%s is a malformed token', async (_, token) => {
    const { authority } = setup()
    expect(await authority.verify(token, 'doc-1')).toEqual({
      ok: false,
      code: 'unauthorized',
      reason: 'malformed token',
    })
  })

  it('a value that is not a string is a malformed token, not a crash', async () => {
    const { authority } = setup()
    const notAString = 42 as unknown as string
    expect(await authority.verify(notAString, 'doc-1')).toEqual({
      ok: false,
      code: 'unauthorized',
      reason: 'malformed token',
    })
  })

  it('a token one byte over 8192 is too large, and one at the limit is read', async () => {
    const { authority } = setup()
    expect(await authority.verify('a'.repeat(8193), 'doc-1')).toEqual({
      ok: false,
      code: 'unauthorized',
      reason: 'token too large',
    })
    const atLimit = await authority.verify('a'.repeat(8192), 'doc-1')
    expect(!atLimit.ok && atLimit.reason).toBe('malformed token')
  })

  it('a token from another issuer is refused', async () => {
    const { authority } = setup()
    const other = createTokenAuthority({ secret: SECRET, issuer: 'elsewhere', now: () => T0 })
    const result = await authority.verify(await other.issue(alice()), 'doc-1')
    expect(!result.ok && result.reason).toBe('token issuer must be "markdownsync"')
  })

  it('an authority with an audience refuses tokens for another audience', async () => {
    const { authority: app } = setup({ audience: 'app-a' })
    const { authority: otherApp } = setup({ audience: 'app-b' })
    const result = await app.verify(await otherApp.issue(alice()), 'doc-1')
    expect(!result.ok && result.reason).toBe('token audience must be "app-a"')
    expect((await app.verify(await app.issue(alice()), 'doc-1')).ok).toBe(true)
  })

  it('a token without an expiry is refused', async () => {
    const { authority } = setup()
    const token = await new SignJWT({ sub: 'alice', name: 'Alice', perms: { '*': ['doc:read'] } })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('markdownsync')
      .setIssuedAt(T0 / 1000)
      .sign(new TextEncoder().encode(SECRET))
    const result = await authority.verify(token, 'doc-1')
    expect(!result.ok && result.reason).toBe('token has no "exp" claim')
  })

  it.each([
    ['an unknown scope', { perms: { '*': ['doc:delete'] } }, /unknown scope "doc:delete"/],
    ['perms that are a list', { perms: ['doc:read'] }, /"perms" must be an object/],
    ['scopes that are not a list', { perms: { '*': 'doc:read' } }, /must be a list of scopes/],
    ['a user id over 128 bytes', { sub: 'u'.repeat(129) }, /"sub".*128 UTF-8 bytes/],
    ['a numeric name', { name: 7 }, /"name" must be a non-empty string/],
    ['an uppercase colour', { color: '#FF0000' }, /"color"/],
    ['an unknown kind', { kind: 'robot' }, /"kind"/],
  ])('a signed token with %s has invalid claims', async (_, override, reason) => {
    const { authority } = setup()
    const token = await signRaw({
      sub: 'alice',
      name: 'Alice',
      perms: { '*': ['doc:read'] },
      ...override,
    })
    const result = await authority.verify(token, 'doc-1')
    expect(result).toMatchObject({ ok: false, code: 'unauthorized' })
    expect(!result.ok && result.reason).toMatch(/^invalid token claims: /)
    expect(!result.ok && result.reason).toMatch(reason)
  })
})

describe('verify grants the most specific matching grant', () => {
  const verifyFor = async (perms: TokenGrants, docId: string) => {
    const { authority } = setup()
    return authority.verify(await authority.issue(alice(perms)), docId)
  }
  const permissionsFor = async (perms: TokenGrants, docId: string) => {
    const result = await verifyFor(perms, docId)
    return result.ok ? result.permissions : result.code
  }

  it('a token for another document is forbidden, naming the document', async () => {
    expect(await verifyFor({ 'doc-1': ['doc:write'] }, 'doc-2')).toEqual({
      ok: false,
      code: 'forbidden',
      reason: 'token has no access to document doc-2',
    })
  })

  it('doc:write implies read', async () => {
    expect(await permissionsFor({ 'doc-1': ['doc:write'] }, 'doc-1')).toEqual(['read', 'write'])
  })

  it('doc:read grants read only', async () => {
    expect(await permissionsFor({ 'doc-1': ['doc:read'] }, 'doc-1')).toEqual(['read'])
  })

  it('presence:write alone grants presence and read, never write', async () => {
    expect(await permissionsFor({ 'doc-1': ['presence:write'] }, 'doc-1')).toEqual([
      'read',
      'presence',
    ])
  })

  it('a prefix grant matches the documents that start with it, and only those', async () => {
    const perms: TokenGrants = { 'team-a:*': ['doc:read'] }
    expect(await permissionsFor(perms, 'team-a:roadmap')).toEqual(['read'])
    expect(await permissionsFor(perms, 'team-b:roadmap')).toBe('forbidden')
  })

  it('"*" matches every document', async () => {
    expect(await permissionsFor({ '*': ['doc:read'] }, 'anything at all')).toEqual(['read'])
  })

  it('an exact id beats any prefix', async () => {
    const perms: TokenGrants = {
      '*': ['doc:write'],
      'team-a:*': ['doc:write'],
      'team-a:x': ['doc:read'],
    }
    expect(await permissionsFor(perms, 'team-a:x')).toEqual(['read'])
  })

  it('the longest matching prefix beats shorter ones', async () => {
    const perms: TokenGrants = {
      '*': ['doc:read'],
      'team-a:*': ['doc:write', 'presence:write'],
      'team-a:archive:*': ['doc:read'],
    }
    expect(await permissionsFor(perms, 'team-a:archive:2019')).toEqual(['read'])
    expect(await permissionsFor(perms, 'team-a:plan')).toEqual(['read', 'write', 'presence'])
    expect(await permissionsFor(perms, 'team-b:plan')).toEqual(['read'])
  })

  it('an empty grant on a document denies it even when a prefix would open it', async () => {
    expect(await permissionsFor({ '*': ['doc:write'], secret: [] }, 'secret')).toBe('forbidden')
  })
})
