/**
 * A new user's first minute: the CLI starts with no configuration at all (no env, an empty
 * working directory), prints where it listens, and serves a document.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type ServerProcess, startServerProcess } from '../support/server-process.js'

let server: ServerProcess | undefined
let dir: string | undefined
afterEach(async () => {
  await server?.stop()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe('markdownsync-server with zero configuration', () => {
  it('starts on embedded PGlite in dev mode and serves a document made from Markdown', async () => {
    dir = mkdtempSync(join(tmpdir(), 'markdownsync-cli-'))
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' }
    server = await startServerProcess(env, { cwd: dir, inheritEnv: false })
    expect(server.output).toContain('dev mode')
    expect(server.output).toContain(`PGlite at ${join(dir, '.markdownsync')}`)
    const health = await fetch(`${server.httpUrl}/healthz`)
    expect(await health.json()).toEqual({ ok: true })
    const created = await fetch(`${server.httpUrl}/v1/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'welcome', markdown: '# Welcome\n\n- [ ] try it\n' }),
    })
    expect(created.status).toBe(201)
    const markdown = await fetch(`${server.httpUrl}/v1/documents/welcome/markdown`)
    expect(await markdown.text()).toBe('# Welcome\n\n- [ ] try it\n')
  })
})
