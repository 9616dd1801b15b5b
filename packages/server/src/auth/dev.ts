/**
 * The user the server's dev mode signs in: full access to every document, so `npx` of the CLI
 * works with zero configuration. Never used when a secret is configured.
 */
import { randomBytes } from 'node:crypto'
import type { IssueInput } from './tokens.js'

export const DEV_USER_NAME = 'Developer'

/** Input for `issue` granting read, write and presence on every document (`"*"`). */
export const devUser = (name: string = DEV_USER_NAME): IssueInput => ({
  // Random per call: two browser tabs in dev mode are two people, so they see each other.
  userId: `dev-${randomBytes(6).toString('hex')}`,
  name,
  perms: { '*': ['doc:read', 'doc:write', 'presence:write'] },
})
