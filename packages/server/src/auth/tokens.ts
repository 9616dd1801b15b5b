/**
 * Access tokens: HS256 JWTs that an app's backend issues to its users (like Liveblocks' access
 * tokens) and the server verifies when a session says `hello`. The secret is shared by the
 * app's backend and the server; nothing else is trusted.
 *
 * `verify` is a boundary: it never throws, and every refusal carries a reason the user (or the
 * developer reading the close message) can act on.
 */
import { type Permission, PROTOCOL_LIMITS, type UserInfo, type UserKind } from '@markdownsync/core'
import { errors, jwtVerify, SignJWT } from 'jose'
import {
  type AccessClaims,
  parseAccessClaims,
  resolveGrant,
  scopesToPermissions,
  type TokenGrants,
  toUserInfo,
} from './claims.js'

export const TOKEN_ISSUER = 'markdownsync'
export const TOKEN_ALGORITHM = 'HS256'
/** HS256 is only as strong as its key; RFC 7518 §3.2 asks for at least the hash size. */
export const MIN_SECRET_BYTES = 32
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600

export interface TokenAuthorityOptions {
  readonly secret: string | Uint8Array
  /** Defaults to TOKEN_ISSUER; tokens from another issuer are refused. */
  readonly issuer?: string
  /** When set, issued tokens carry it and tokens without it are refused. */
  readonly audience?: string
  /** Milliseconds since the epoch, like Date.now (the default); tests inject a clock. */
  readonly now?: () => number
}

export interface IssueInput {
  readonly userId: string
  readonly name: string
  readonly color?: string
  readonly kind?: UserKind
  readonly perms: TokenGrants
  /** Defaults to an hour. */
  readonly expiresInSeconds?: number
}

export type AuthFailureCode = 'unauthorized' | 'forbidden'

export type AuthResult =
  | {
      readonly ok: true
      readonly user: UserInfo
      readonly permissions: Permission[]
      /** When the token expires, in milliseconds since the epoch. */
      readonly expiresAt: number
    }
  | { readonly ok: false; readonly code: AuthFailureCode; readonly reason: string }

export interface TokenAuthority {
  /** Signs a token; rejects with a TypeError naming the claim when the input is invalid. */
  issue(input: IssueInput): Promise<string>
  /** Whether `token` lets its user open `docId`, and with which permissions. Never rejects. */
  verify(token: string, docId: string): Promise<AuthResult>
}

const unauthorized = (reason: string): AuthResult => ({ ok: false, code: 'unauthorized', reason })

/** Turns what jose throws into a reason a user could act on; anything unknown is "malformed". */
const reasonFor = (err: unknown, issuer: string, audience: string | undefined): string => {
  if (err instanceof errors.JWTExpired) return 'token expired'
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'invalid token signature'
  if (err instanceof errors.JOSEAlgNotAllowed) return `token must be signed with ${TOKEN_ALGORITHM}`
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'iss':
        return `token issuer must be "${issuer}"`
      case 'aud':
        return `token audience must be "${audience}"`
      case 'nbf':
        return 'token is not valid yet'
      default:
        return err.reason === 'missing'
          ? `token has no "${err.claim}" claim`
          : `invalid token claim "${err.claim}"`
    }
  }
  return 'malformed token'
}

export const createTokenAuthority = (options: TokenAuthorityOptions): TokenAuthority => {
  const key =
    typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret
  // A configuration error, thrown at startup rather than discovered as forged tokens later.
  if (key.byteLength < MIN_SECRET_BYTES)
    throw new RangeError(`the token secret must be at least ${MIN_SECRET_BYTES} bytes`)
  const issuer = options.issuer ?? TOKEN_ISSUER
  const audience = options.audience
  const now = options.now ?? Date.now

  const issue = async (input: IssueInput): Promise<string> => {
    const lifetime = input.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS
    if (!Number.isSafeInteger(lifetime) || lifetime <= 0)
      throw new TypeError('expiresInSeconds must be a positive whole number of seconds')
    const claims: AccessClaims = {
      sub: input.userId,
      name: input.name,
      ...(input.color === undefined ? {} : { color: input.color }),
      ...(input.kind === undefined ? {} : { kind: input.kind }),
      perms: input.perms,
    }
    // The same validation verify runs, so a host cannot mint a token the server will refuse.
    const parsed = parseAccessClaims(claims)
    if (!parsed.ok) throw new TypeError(parsed.reason)
    const issuedAt = Math.floor(now() / 1000)
    const jwt = new SignJWT({ ...parsed.claims })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
      .setIssuer(issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetime)
    if (audience !== undefined) jwt.setAudience(audience)
    const token = await jwt.sign(key)
    if (Buffer.byteLength(token, 'utf8') > PROTOCOL_LIMITS.maxTokenBytes)
      throw new TypeError(
        `the token would be larger than ${PROTOCOL_LIMITS.maxTokenBytes} bytes: grant prefixes instead of listing documents`,
      )
    return token
  }

  const verify = async (token: string, docId: string): Promise<AuthResult> => {
    // Checked before any decoding so an oversized token costs nothing but its length.
    if (typeof token !== 'string' || token.length === 0) return unauthorized('malformed token')
    if (Buffer.byteLength(token, 'utf8') > PROTOCOL_LIMITS.maxTokenBytes)
      return unauthorized('token too large')
    let payload: unknown
    try {
      const result = await jwtVerify(token, key, {
        algorithms: [TOKEN_ALGORITHM],
        issuer,
        ...(audience === undefined ? {} : { audience }),
        // A token without an expiry would be a password that never changes.
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: new Date(now()),
      })
      payload = result.payload
    } catch (err) {
      return unauthorized(reasonFor(err, issuer, audience))
    }
    const parsed = parseAccessClaims(payload)
    if (!parsed.ok) return unauthorized(`invalid token claims: ${parsed.reason}`)
    const scopes = resolveGrant(parsed.claims.perms, docId)
    const permissions = scopes === undefined ? [] : scopesToPermissions(scopes)
    if (permissions.length === 0)
      return { ok: false, code: 'forbidden', reason: `token has no access to document ${docId}` }
    return {
      ok: true,
      user: toUserInfo(parsed.claims),
      permissions,
      // `exp` is required above and jose checked it is a number.
      expiresAt: (payload as { exp: number }).exp * 1000,
    }
  }

  return { issue, verify }
}
