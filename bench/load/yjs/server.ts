/**
 * The Yjs reference server (runner.ts) as a separate process. The document is seeded by a Yjs
 * client over the wire, and the server's document at the end is what a fresh client syncs
 * from it (step 1 with an empty state vector gets the whole state back).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import type { GeneratedDocument } from '../document.js'
import { INSPECTOR_URL, InspectorProfiler } from '../measure/inspector-profiler.js'
import type { ServerCounters, SystemServer } from '../system.js'
import { renderDocument, seedDocument } from './document-model.js'
import { YjsReplicaClient } from './replica-client.js'
import { syncUpdate } from './wire.js'

const RUNNER = fileURLToPath(new URL('./runner.ts', import.meta.url))
const REGISTER = fileURLToPath(new URL('./yjs-build-register.mjs', import.meta.url))

interface RunnerStats {
  updatesIn: number
  syncIn: number
  awarenessIn: number
  messagesOut: number
  bytesOut: number
  sessions: number
  loopP50Ms: number
  loopP99Ms: number
  loopMaxMs: number
}

export const startYjsServer = async (
  options: { profile?: boolean } = {},
): Promise<SystemServer> => {
  const inspect = options.profile === true ? ['--inspect=127.0.0.1:0'] : []
  const child = spawn(
    process.execPath,
    [...inspect, '--import', 'tsx', '--import', REGISTER, RUNNER],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  let inspector: Promise<InspectorProfiler> | undefined
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
    const url = INSPECTOR_URL.exec(stderr)
    if (url !== null && inspector === undefined) inspector = InspectorProfiler.connect(url[1]!)
  })
  const base = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match !== null) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`Yjs server exited (${code}): ${stderr}`)))
  })
  const wsBase = base.replace('http', 'ws')

  return {
    pid: child.pid!,
    syncUrl: wsBase,
    async prepare(doc: GeneratedDocument, docId: string) {
      const seeder = new YjsReplicaClient(`${wsBase}/${docId}`, { sendLocal: false })
      await seeder.synced
      seeder.send(syncUpdate(Y.encodeStateAsUpdate(seedDocument(doc.blocks))))
      await seeder.roundTrip()
      seeder.close()
    },
    async counters(): Promise<ServerCounters> {
      const s = (await (await fetch(`${base}/stats`)).json()) as RunnerStats
      return {
        opsIn: s.updatesIn,
        opsApplied: s.updatesIn,
        opsRejected: 0,
        messagesOut: s.messagesOut,
        framesOut: s.messagesOut,
        bytesOut: s.bytesOut,
        sessions: s.sessions,
        laggingSessions: 0,
        ephemeralDropped: 0,
        protocolErrors: 0,
        loopP50Ms: s.loopP50Ms,
        loopP99Ms: s.loopP99Ms,
        loopMaxMs: s.loopMaxMs,
      }
    },
    async rendering(docId: string) {
      const reader = new YjsReplicaClient(`${wsBase}/${docId}`, { sendLocal: false })
      await reader.synced
      const rendering = renderDocument(reader.doc)
      reader.close()
      return { rendering, seq: 0 }
    },
    async startProfile() {
      await (await inspector)?.start()
    },
    async stopProfile() {
      return (await inspector)?.stop()
    },
    async stop() {
      ;(await inspector)?.close()
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGINT')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
