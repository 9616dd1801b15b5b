/**
 * @markdownsync/server — the partitioned MarkdownSync backend as a Fastify plugin, a
 * `createServer` factory and the `markdownsync-server` CLI.
 */

export type { TokenGrants, TokenScope } from './auth/claims.js'
export { DEV_USER_NAME, devUser } from './auth/dev.js'
export {
  type AuthResult,
  createTokenAuthority,
  type IssueInput,
  type TokenAuthority,
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
export { openStorage } from './storage/index.js'
export type {
  DocumentKind,
  DocumentRecord,
  HistoryEntry,
  Storage,
  StoredOp,
  StoredSnapshot,
} from './storage/storage.js'

/** The version of this package, for bug reports. */
export const SERVER_VERSION = '0.0.0'
