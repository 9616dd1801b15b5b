/**
 * The user the server's dev mode signs in: full access to every document, so `npx` of the CLI
 * works with zero configuration. Never used when a secret is configured.
 */
import { randomBytes } from 'node:crypto'
import type { IssueInput } from './tokens.js'

export const DEV_USER_NAME = 'Developer'

/** The ids dev mode hands out; a client renewing its dev token may ask to keep its own. */
export const DEV_USER_ID_PATTERN = /^dev-[0-9a-f]{12}$/

/**
 * Input for `issue` granting read, write and presence on every document (`"*"`). A new id per
 * call — two browser profiles in dev mode are two people, so they see each other — unless
 * `userId` renews an id this mode handed out before, so a client keeps its identity (and its
 * outbox) when its hour-long token expires.
 */
export const devUser = (name: string = DEV_USER_NAME, userId?: string): IssueInput => ({
  userId:
    userId !== undefined && DEV_USER_ID_PATTERN.test(userId)
      ? userId
      : `dev-${randomBytes(6).toString('hex')}`,
  name,
  perms: { '*': ['doc:read', 'doc:write', 'presence:write'] },
})
