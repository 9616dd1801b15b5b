/**
 * @markdownsync/server — the partitioned MarkdownSync backend as a Fastify plugin, a
 * `createServer` factory and the `markdownsync-server` CLI.
 */

export { TOKEN_SCOPES, type TokenGrants, type TokenScope } from './auth/claims.js'
export { DEV_USER_NAME, devUser } from './auth/dev.js'
export {
  type AuthFailureCode,
  type AuthResult,
  createTokenAuthority,
  type IssueInput,
  type TokenAuthority,
  type TokenAuthorityOptions,
} from './auth/tokens.js'
export { DOCUMENT_ID_PATTERN, isValidDocumentId } from './documents.js'
export {
  DEFAULT_LIMITS,
  optionsFromEnv,
  resolveOptions,
  type ServerLimits,
  type ServerOptions,
  type ServerOptionsInput,
} from './options.js'
export { type MarkdownSyncPluginOptions, markdownsyncPlugin } from './plugin.js'
export { createServer } from './server.js'
export { openStorage, type StorageOptions } from './storage/index.js'
export {
  DOCUMENT_KINDS,
  type DocumentKind,
  type DocumentMetadata,
  type DocumentRecord,
  type HistoryEntry,
  type NewDocument,
  type Storage,
  type StoredOp,
  type StoredSnapshot,
} from './storage/storage.js'

/** The version of this package, for bug reports. */
export const SERVER_VERSION = '0.0.0'
