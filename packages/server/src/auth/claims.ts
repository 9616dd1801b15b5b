/**
 * The claims of a MarkdownSync access token, how they are validated, and what they grant on
 * one document. Pure functions over plain data: the JWT layer (tokens.ts) decides whether the
 * token is authentic, this module decides what an authentic token means.
 *
 * Invariants:
 * - a parsed claim set has a valid user id, name, colour and kind, and every scope it grants is
 *   one of TOKEN_SCOPES;
 * - exactly one grant applies to a document: its exact id, else the longest matching prefix;
 * - the permissions of a grant always include `read` when they include anything at all.
 */
import {
  type Color,
  type Permission,
  PROTOCOL_LIMITS,
  USER_KINDS,
  type UserId,
  type UserInfo,
  type UserKind,
} from '@markdownsync/core'

/** Scopes a token may grant on a document or a prefix of documents (Liveblocks' room scopes). */
export const TOKEN_SCOPES = ['doc:read', 'doc:write', 'presence:write'] as const
export type TokenScope = (typeof TOKEN_SCOPES)[number]

/**
 * Document id, or a prefix ending in `*` (`"team-a:*"`, `"*"`), to the scopes granted there.
 * A key is a prefix exactly when it ends in `*`; a `*` anywhere else is part of an id.
 */
export type TokenGrants = Readonly<Record<string, readonly TokenScope[]>>

/** The claims MarkdownSync adds to a JWT; `exp`, `iat`, `iss` and `aud` are the JWT layer's. */
export interface AccessClaims {
  readonly sub: UserId
  readonly name: string
  readonly color?: Color
  readonly kind?: UserKind
  readonly perms: TokenGrants
}

export type ClaimsResult =
  | { readonly ok: true; readonly claims: AccessClaims }
  | { readonly ok: false; readonly reason: string }

export const COLOR_PATTERN = /^#[0-9a-f]{6}$/
// Same rule as the protocol's ids: any text an app chooses, but never control characters,
// because ids end up in logs, keys and URLs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8')

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const isScope = (v: unknown): v is TokenScope =>
  typeof v === 'string' && (TOKEN_SCOPES as readonly string[]).includes(v)

const isUserKind = (v: unknown): v is UserKind =>
  typeof v === 'string' && (USER_KINDS as readonly string[]).includes(v)

/** Why `id` is not a valid user or document id, or undefined when it is. */
const checkId = (what: string, id: unknown): string | undefined => {
  if (typeof id !== 'string' || id.length === 0) return `${what} must be a non-empty string`
  if (utf8Bytes(id) > PROTOCOL_LIMITS.maxIdBytes)
    return `${what} is longer than ${PROTOCOL_LIMITS.maxIdBytes} UTF-8 bytes`
  if (CONTROL_CHARACTERS.test(id)) return `${what} must not contain control characters`
  return undefined
}

const checkName = (name: unknown): string | undefined => {
  if (typeof name !== 'string' || name.length === 0)
    return 'claim "name" must be a non-empty string'
  if (utf8Bytes(name) > PROTOCOL_LIMITS.maxUserNameBytes)
    return `claim "name" is longer than ${PROTOCOL_LIMITS.maxUserNameBytes} UTF-8 bytes`
  return undefined
}

const parseGrants = (
  perms: unknown,
): { ok: true; grants: TokenGrants } | { ok: false; reason: string } => {
  if (!isRecord(perms))
    return { ok: false, reason: 'claim "perms" must be an object of document ids to scopes' }
  const grants: Record<string, readonly TokenScope[]> = {}
  for (const [key, scopes] of Object.entries(perms)) {
    // The id part of a prefix key obeys the id rules; `"*"` alone (everything) has none.
    const idPart = key.endsWith('*') ? key.slice(0, -1) : key
    const idProblem = key === '*' ? undefined : checkId(`perms key "${key}"`, idPart)
    if (idProblem !== undefined) return { ok: false, reason: idProblem }
    if (!Array.isArray(scopes))
      return { ok: false, reason: `perms["${key}"] must be a list of scopes` }
    const unknown = scopes.find((s) => !isScope(s))
    if (unknown !== undefined)
      return {
        ok: false,
        reason: `perms["${key}"] has unknown scope ${JSON.stringify(unknown)} (known: ${TOKEN_SCOPES.join(', ')})`,
      }
    // defineProperty, not assignment: a JSON key "__proto__" must stay an ordinary key.
    Object.defineProperty(grants, key, {
      value: [...new Set(scopes as TokenScope[])],
      enumerable: true,
    })
  }
  return { ok: true, grants }
}

/** Parses the MarkdownSync claims of a JWT payload that the JWT layer already authenticated. */
export const parseAccessClaims = (payload: unknown): ClaimsResult => {
  if (!isRecord(payload)) return { ok: false, reason: 'token payload must be an object' }
  const problem =
    checkId('claim "sub" (user id)', payload.sub) ??
    checkName(payload.name) ??
    (payload.color === undefined ||
    (typeof payload.color === 'string' && COLOR_PATTERN.test(payload.color))
      ? undefined
      : 'claim "color" must be a lowercase #rrggbb colour') ??
    (payload.kind === undefined || isUserKind(payload.kind)
      ? undefined
      : `claim "kind" must be one of ${USER_KINDS.join(', ')}`)
  if (problem !== undefined) return { ok: false, reason: problem }
  const grants = parseGrants(payload.perms)
  if (!grants.ok) return grants
  return {
    ok: true,
    claims: {
      sub: payload.sub as string,
      name: payload.name as string,
      ...(payload.color === undefined ? {} : { color: payload.color as Color }),
      ...(payload.kind === undefined ? {} : { kind: payload.kind as UserKind }),
      perms: grants.grants,
    },
  }
}

/**
 * The scopes granted on `docId`: the grant under its exact id if there is one, else the grant
 * of the longest prefix it starts with (`"team-a:design:*"` beats `"team-a:*"` beats `"*"`).
 * Only the most specific grant counts, so a narrower grant can also take access away (an exact
 * id with `[]` denies a document a prefix would have opened). Undefined when nothing matches.
 */
export const resolveGrant = (
  grants: TokenGrants,
  docId: string,
): readonly TokenScope[] | undefined => {
  if (Object.hasOwn(grants, docId)) return grants[docId]
  let best: readonly TokenScope[] | undefined
  let bestLength = -1
  for (const [key, scopes] of Object.entries(grants)) {
    if (!key.endsWith('*')) continue
    const prefix = key.slice(0, -1)
    if (prefix.length > bestLength && docId.startsWith(prefix)) {
      best = scopes
      bestLength = prefix.length
    }
  }
  return best
}

/**
 * What the scopes of one grant allow, in PERMISSIONS order. `doc:write` implies `read`, as
 * Liveblocks' `room:write` does. `presence:write` alone also implies `read`: presence and
 * cursors point at places in the document, and a user cannot show where they are in a
 * document they may not see. Tokens never grant `admin`; that is the host's decision.
 */
export const scopesToPermissions = (scopes: readonly TokenScope[]): Permission[] => {
  const granted = new Set<Permission>()
  for (const scope of scopes) {
    switch (scope) {
      case 'doc:write':
        granted.add('read').add('write')
        break
      case 'doc:read':
        granted.add('read')
        break
      case 'presence:write':
        granted.add('read').add('presence')
        break
      default: {
        const never: never = scope
        throw new Error(`unhandled scope ${String(never)}`)
      }
    }
  }
  return (['read', 'write', 'presence'] as const).filter((p) => granted.has(p))
}

/**
 * Twelve colours that read well as cursor and avatar colours on a light or a dark background,
 * far enough apart in hue that neighbours in a crowd stay distinguishable.
 */
export const USER_COLORS = [
  '#e5484d',
  '#f76b15',
  '#d6a100',
  '#46a758',
  '#12a594',
  '#0090ff',
  '#3e63dd',
  '#8e4ec6',
  '#d6409f',
  '#ad7f58',
  '#5b8c00',
  '#00a2c7',
] as const satisfies readonly Color[]

/**
 * A colour derived from the user id alone (FNV-1a over its UTF-8 bytes), so that every session
 * of one user, on any server, shows the same colour without anyone storing it.
 */
export const colorForUser = (userId: UserId): Color => {
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(userId, 'utf8')) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return USER_COLORS[hash % USER_COLORS.length]!
}

/** The user a parsed claim set describes, with the derived colour and `human` as defaults. */
export const toUserInfo = (claims: AccessClaims): UserInfo => ({
  id: claims.sub,
  name: claims.name,
  color: claims.color ?? colorForUser(claims.sub),
  kind: claims.kind ?? 'human',
})
