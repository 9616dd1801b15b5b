/**
 * HTTP requests carry the same access tokens as sessions (`Authorization: Bearer …`), checked
 * against the document the route names. In dev mode a request without a token acts as a dev
 * user with full access.
 */
import type { Permission, UserInfo } from '@markdownsync/core'
import type { FastifyRequest } from 'fastify'
import type { TokenAuthority } from '../auth/tokens.js'
import { HttpErrors } from './errors.js'

export interface RequestAuth {
  /** The caller, when its token grants `permission` on document `docId`; throws 401/403 otherwise. */
  require(request: FastifyRequest, docId: string, permission: Permission): Promise<UserInfo>
}

const DEV_HTTP_USER: UserInfo = {
  id: 'dev-http',
  name: 'Developer',
  color: '#4f46e5',
  kind: 'human',
}

export const createRequestAuth = (auth: TokenAuthority, dev: boolean): RequestAuth => ({
  async require(request, docId, permission) {
    const header = request.headers.authorization
    if (header === undefined) {
      if (dev) return DEV_HTTP_USER
      throw new HttpErrors.Unauthorized('an Authorization: Bearer token is required')
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (match === null) throw new HttpErrors.Unauthorized('malformed Authorization header')
    const verified = await auth.verify(match[1]!, docId)
    if (!verified.ok) {
      if (verified.code === 'forbidden') throw new HttpErrors.Forbidden(verified.reason)
      throw new HttpErrors.Unauthorized(verified.reason)
    }
    if (!verified.permissions.includes(permission))
      throw new HttpErrors.Forbidden(`the token does not allow ${permission} on ${docId}`)
    return verified.user
  },
})
