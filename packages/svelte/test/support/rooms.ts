/** Clients of the real server (started by server.global.ts) as an app in the browser makes them. */
import { type Client, createClient, createMemoryOutboxStore } from '@markdownsync/sdk'
import { inject } from 'vitest'

/**
 * A browser client of the test server as an app makes one: the default engine (the document
 * in a Web Worker), no token (the dev server admits a guest with full access), and a memory
 * outbox so that tests share no IndexedDB state.
 */
export const browserClient = (): Client =>
  createClient({ url: inject('syncUrl'), outbox: createMemoryOutboxStore() })

/** A new document id (the dev server creates a document on first entry). */
export const freshDocument = (name: string): string =>
  `${name}-${Math.random().toString(36).slice(2, 10)}`
