/**
 * Our server as a separate process, started the way a user starts it: the CLI on its embedded
 * defaults (PGlite in a fresh data folder, dev auth), with the benchmark-only naive fanout when
 * asked for. The document is created over HTTP from Markdown, counters come from `/metrics`,
 * and the Markdown export is what the observers are compared with.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GeneratedDocument } from '../document.js'
import { INSPECTOR_URL, InspectorProfiler } from '../measure/inspector-profiler.js'
import { LOOP_RESOLUTION_MS, type ServerCounters, type SystemServer } from '../system.js'

const CLI = fileURLToPath(
  new URL('../../../packages/server/bin/markdownsync-server.js', import.meta.url),
)

/** `name{labels} value` lines of the Prometheus text format, summed over labels unless picked. */
const metric = (text: string, name: string, labels?: string): number => {
  let sum = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue
    const rest = line.slice(name.length)
    if (rest[0] !== ' ' && rest[0] !== '{') continue
    if (labels !== undefined && !rest.includes(labels)) continue
    sum += Number(rest.slice(rest.lastIndexOf(' ') + 1))
  }
  return sum
}

/**
 * Both monitors sample every 10 ms and report the time between samples, so an idle loop reads
 * 10 ms: the delay is what is above that.
 */
const loopDelay = (seconds: number): number => Math.max(0, seconds * 1000 - LOOP_RESOLUTION_MS)

export const startOurServer = async (options: {
  naive: boolean
  /** Open the inspector, so the window can be profiled. */
  profile?: boolean
}): Promise<SystemServer> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'markdownsync-load-'))
  const profiled = options.profile === true
  const args = [
    // the inspector, for a CPU profile of the measured window (measure/inspector-profiler.ts)
    ...(profiled ? ['--inspect=127.0.0.1:0'] : []),
    CLI,
    '--port',
    '0',
    '--data-dir',
    dataDir,
  ]
  // embedded defaults: no secret (dev mode), no PostgreSQL, whatever this shell has set
  const { AUTH_SECRET: _secret, DATABASE_URL: _database, ...env } = process.env
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...env, MARKDOWNSYNC_NAIVE_FANOUT: options.naive ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  let inspector: Promise<InspectorProfiler> | undefined
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
    const url = INSPECTOR_URL.exec(stderr)
    if (url !== null && inspector === undefined) inspector = InspectorProfiler.connect(url[1]!)
  })
  const base = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match !== null) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)))
  })
  let exit: string | undefined
  child.once('exit', (code, signal) => {
    exit = `the server exited (${signal ?? code}): ${stderr.trim().split('\n').slice(-8).join(' | ')}`
    if (process.env.LOAD_DEBUG_DIR !== undefined) process.stderr.write(`${exit}\n`)
  })
  const http = async (path: string, init?: RequestInit): Promise<Response> => {
    if (exit !== undefined) throw new Error(exit)
    const response = await fetch(`${base}${path}`, init)
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response
  }

  return {
    pid: child.pid!,
    syncUrl: `${base.replace('http', 'ws')}/v1/sync`,
    async prepare(doc: GeneratedDocument, docId: string) {
      await http('/v1/documents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: docId, markdown: doc.markdown }),
      })
    },
    async counters(): Promise<ServerCounters> {
      const text = await (await http('/metrics')).text()
      return {
        opsIn: metric(text, 'markdownsync_ops_in_total'),
        opsApplied: metric(text, 'markdownsync_ops_in_total', 'result="applied"'),
        opsRejected: metric(text, 'markdownsync_ops_in_total', 'result="rejected"'),
        messagesOut: metric(text, 'markdownsync_messages_out_total'),
        framesOut: metric(text, 'markdownsync_frames_out_total'),
        bytesOut: metric(text, 'markdownsync_bytes_out_total'),
        sessions: metric(text, 'markdownsync_sessions'),
        laggingSessions: metric(text, 'markdownsync_lagging_sessions'),
        ephemeralDropped: metric(text, 'markdownsync_ephemeral_dropped_total'),
        protocolErrors: metric(text, 'markdownsync_protocol_errors_total'),
        loopP50Ms: loopDelay(metric(text, 'nodejs_eventloop_lag_p50_seconds')),
        loopP99Ms: loopDelay(metric(text, 'markdownsync_eventloop_delay_p99_seconds')),
        loopMaxMs: loopDelay(metric(text, 'nodejs_eventloop_lag_max_seconds')),
      }
    },
    async rendering(docId: string) {
      const record = (await (await http(`/v1/documents/${docId}`)).json()) as { seq: number }
      const markdown = await (await http(`/v1/documents/${docId}/markdown`)).text()
      return { rendering: markdown, seq: record.seq }
    },
    async startProfile() {
      await (await inspector)?.start()
    },
    async stopProfile() {
      return (await inspector)?.stop()
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        ;(await inspector)?.close()
        child.kill('SIGINT')
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
