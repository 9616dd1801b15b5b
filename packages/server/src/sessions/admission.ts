/**
 * Who may enter which document: a hello's token is verified (or, in dev mode, a dev user is
 * made up), the document is found — or created, for a writer, as Liveblocks creates rooms on
 * first entry — and its room opened.
 */
import type {
  CloseReason,
  HelloMessage,
  Permission,
  ServerErrorCode,
  UserInfo,
} from '@markdownsync/core'
import { colorForUser } from '../auth/claims.js'
import type { TokenAuthority } from '../auth/tokens.js'
import { type DocumentService, isValidDocumentId } from '../documents.js'
import type { DocumentRoom } from '../rooms/room.js'

export type Admission =
  | {
      readonly ok: true
      readonly room: DocumentRoom
      readonly user: UserInfo
      readonly permissions: Permission[]
    }
  | {
      readonly ok: false
      readonly code: ServerErrorCode
      readonly reason: CloseReason
      readonly message: string
    }

let devCounter = 0

export const createAdmission =
  (deps: { auth: TokenAuthority; documents: DocumentService; dev: boolean }) =>
  async (hello: HelloMessage): Promise<Admission> => {
    // the id rule of the HTTP API (400 invalid_id): said plainly, not as "does not exist"
    if (!isValidDocumentId(hello.docId))
      return {
        ok: false,
        code: 'not_found',
        reason: 'not_found',
        message:
          'invalid document id: use A-Z a-z 0-9 . _ : - (at most 128), starting with a letter or digit',
      }
    let user: UserInfo
    let permissions: Permission[]
    if (hello.token === undefined) {
      if (!deps.dev)
        return {
          ok: false,
          code: 'unauthorized',
          reason: 'unauthorized',
          message: 'a token is required',
        }
      const id = `dev-${Date.now().toString(36)}-${(devCounter++).toString(36)}`
      user = { id, name: `Guest ${devCounter}`, color: colorForUser(id), kind: 'human' }
      permissions = ['read', 'write', 'presence']
    } else {
      const verified = await deps.auth.verify(hello.token, hello.docId)
      if (!verified.ok)
        return { ok: false, code: verified.code, reason: 'unauthorized', message: verified.reason }
      user = verified.user
      permissions = verified.permissions
    }
    const room = await deps.documents.openRoom(hello.docId, permissions.includes('write'))
    if (room === undefined)
      return {
        ok: false,
        code: 'not_found',
        reason: 'not_found',
        message: `document ${hello.docId} does not exist`,
      }
    return { ok: true, room, user, permissions }
  }
