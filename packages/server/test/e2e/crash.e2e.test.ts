/**
 * ACK-2 under a real crash: the CLI runs in a child process on durable storage, clients write,
 * the process is killed with SIGKILL mid-write, clients keep writing offline, the server
 * restarts, clients reconnect and re-send what was not acknowledged.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT_ID } from '@markdownsync/core'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/harness.js'
import { ProtocolClient } from '../support/protocol-client.js'
import { type ServerProcess, startServerProcess } from '../support/server-process.js'

const DOC = 'crash-doc'
const CLIENTS = 5

interface HistoryEntry {
  seq: number
  opId: string
}

const fetchHistory = async (httpUrl: string): Promise<HistoryEntry[]> => {
  const entries: HistoryEntry[] = []
  let before: number | undefined
  for (;;) {
    const query = before === undefined ? '' : `&before=${before}`
    const response = await fetch(`${httpUrl}/v1/documents/${DOC}/history?limit=1000${query}`)
    const body = (await response.json()) as { entries: HistoryEntry[] }
    entries.push(...body.entries)
    if (body.entries.length < 1000) break
    before = body.entries[body.entries.length - 1]!.seq
  }
  return entries.reverse()
}

/** One random edit: a new paragraph, or text typed into an existing one. */
const edit = (client: ProtocolClient, n: number): void => {
  const doc = client.replica
  if (doc === undefined) return
  const blocks = doc.children(ROOT_ID)
  const target = blocks[n % Math.max(1, blocks.length)]
  if (target === undefined || n % 3 === 0)
    doc.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: `p${n}` })
  else doc.insertText(target, 0, `${n % 10}`)
}

const crashRun = async (env: Record<string, string>): Promise<void> => {
  let server: ServerProcess = await startServerProcess({ ...env, MARKDOWNSYNC_DEV: '1' })
  // a dev token per client: a stable identity across reconnects, so re-sent ops are its own
  const tokens = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const response = await fetch(`${server.httpUrl}/v1/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `writer ${i}` }),
      })
      return ((await response.json()) as { token: string }).token
    }),
  )
  const clients = tokens.map(
    (token) => new ProtocolClient({ url: server.wsUrl, docId: DOC, token }),
  )
  try {
    await Promise.all(clients.map((c) => c.connect()))
    let n = 0
    const acked = (): number => clients.reduce((sum, c) => sum + c.acked.size, 0)
    // write until a few hundred ops are durable, then kill the server in the middle of writing
    while (acked() < 300) {
      for (const client of clients) edit(client, n++)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    for (const client of clients) edit(client, n++)
    console.log('acked', acked(), 'ops', n)
    await server.kill()
    const ackedBefore = new Map<string, number>()
    for (const client of clients) for (const [id, seq] of client.acked) ackedBefore.set(id, seq)
    await Promise.all(clients.map((c) => c.closed()))
    // offline edits go to the outbox
    for (let i = 0; i < 20; i++) for (const client of clients) edit(client, n++)
    expect(clients.some((c) => c.outbox.size > 0)).toBe(true)

    server = await startServerProcess({ ...env, MARKDOWNSYNC_DEV: '1' })
    for (const client of clients) client.options = { ...client.options, url: server.wsUrl }
    console.log('restarted')
    await Promise.all(clients.map((c) => c.connect()))
    console.log('reconnected')
    await until(() => clients.every((c) => c.outbox.size === 0), 30_000, 'every outbox drained')

    const history = await fetchHistory(server.httpUrl)
    // the sequence has no gaps
    expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1))
    const seqOf = new Map(history.map((e) => [e.opId, e.seq]))
    // every acknowledged op is there, with the seq it was acknowledged with
    for (const [id, seq] of ackedBefore) expect(seqOf.get(id)).toBe(seq)
    // every op any client authored is there exactly once (ids are unique in the log)
    const authored = new Set(clients.flatMap((c) => [...c.authored]))
    expect(seqOf.size).toBe(history.length)
    const missing = [...authored].filter((id) => !seqOf.has(id))
    if (missing.length > 0)
      console.log(
        'missing',
        missing.length,
        'rejects',
        JSON.stringify(clients.flatMap((c) => c.rejects).slice(0, 5)),
      )
    for (const id of authored) expect(seqOf.has(id)).toBe(true)
    expect(history.length).toBe(authored.size)

    // and every client converges with the server's export
    const seq = history.length
    await until(() => clients.every((c) => c.lastSeq >= seq), 30_000, 'clients caught up')
    const markdown = await (await fetch(`${server.httpUrl}/v1/documents/${DOC}/markdown`)).text()
    const { exportMarkdown } = await import('@markdownsync/core')
    for (const client of clients) {
      const mine = exportMarkdown(client.doc)
      if (mine !== markdown) {
        const a = mine.split('\n\n')
        const b = markdown.split('\n\n')
        console.log(
          'client',
          clients.indexOf(client),
          'blocks',
          a.length,
          b.length,
          JSON.stringify(a.filter((x) => !b.includes(x))),
          JSON.stringify(b.filter((x) => !a.includes(x))),
        )
      }
    }
    for (const client of clients) expect(exportMarkdown(client.doc)).toBe(markdown)
  } finally {
    for (const client of clients) client.socket?.terminate()
    await server.stop().catch(() => undefined)
  }
}

describe('crash safety', () => {
  it('on PGlite: acknowledged ops survive kill -9, re-sent ops apply once, no gaps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'markdownsync-crash-'))
    try {
      await crashRun({ DATA_DIR: dir })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)

  const url = process.env.TEST_DATABASE_URL
  if (url !== undefined && url !== '') {
    const schema = `crash_${process.pid}_${Date.now().toString(36)}`
    const admin = new pg.Pool({ connectionString: url, max: 1 })
    afterAll(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.end()
    })
    it('on PostgreSQL: acknowledged ops survive kill -9, re-sent ops apply once, no gaps', async () => {
      await admin.query(`CREATE SCHEMA ${schema}`)
      const schemaUrl = new URL(url)
      schemaUrl.searchParams.set('options', `-c search_path=${schema}`)
      await crashRun({ DATABASE_URL: schemaUrl.toString() })
    }, 120_000)
  } else if (process.env.CI) {
    it('on PostgreSQL (TEST_DATABASE_URL must be set in CI)', () => {
      throw new Error('TEST_DATABASE_URL is not set; .ci/run starts PostgreSQL and sets it')
    })
  }
})
