/**
 * A crowd of simulated editors on one document: the bench's load generator (system `ours`,
 * the design's traffic per editor) forked as a child process and driven over its IPC protocol
 * (join, start, measure, stopMeasure, close). Every second the crowd closes the generator's
 * measuring window and opens the next, so latencies cover the last few seconds.
 *
 * The generator's editors write from a full replica of the document (its observer) and pick
 * their blocks in what they see, so they edit whatever document they join — the one the user
 * has open.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { GeneratorCommand, GeneratorConfig } from '../../../bench/load/generator/config.js'
import { Histogram } from '../../../bench/load/measure/histogram.js'
import type { LatencyName, StatsData } from '../../../bench/load/measure/load-stats.js'
import type { CrowdState, CrowdStats, LatencySummary } from './stats.js'

const ENTRY = fileURLToPath(new URL('./generator-entry.ts', import.meta.url))
const APP_DIR = fileURLToPath(new URL('../', import.meta.url))
/** One-second windows kept for the latencies and send rates. */
const WINDOWS = 5

/** The design's traffic per editor (issue 7), and no agents. */
export const DESIGN_TRAFFIC = {
  rates: { edits: 1.5, cursors: 3, viewports: 1, agentOps: 20 },
  structureShare: 0.1,
  jumpShare: 0.1,
  viewportSize: 50,
} as const

/** The generator's always-counted problems (conflicts lost by design are not among them). */
const PROBLEMS = ['always.error.', 'always.reconnects', 'always.lagging'] as const

/** Sessions opened per second while joining (the bench's pace). */
const JOIN_PER_SECOND = 100

interface Reply {
  ready?: true
  id?: number
  result?: unknown
  error?: string
}

export class Crowd {
  private state: CrowdState = 'joining'
  private failure: string | null = null
  private joined = 0
  private startedAt = 0
  private readonly windows: StatsData[] = []
  private readonly child: ChildProcess
  private readonly pending = new Map<number, (reply: Reply) => void>()
  private next = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly ready: Promise<void>

  /** Forks the generator and starts joining; `syncUrl` is the server's `ws://…/v1/sync`. */
  constructor(
    readonly doc: string,
    readonly editors: number,
    syncUrl: string,
  ) {
    const config: GeneratorConfig = {
      system: 'ours',
      url: syncUrl,
      docId: doc,
      editors,
      agents: 0,
      firstActor: 0,
      ...DESIGN_TRAFFIC,
      seed: Date.now() % 1_000_000,
      joinPerSecond: JOIN_PER_SECOND,
    }
    this.child = fork(ENTRY, [JSON.stringify(config)], {
      cwd: APP_DIR,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (reply: Reply) => {
        if (reply.ready) return resolve()
        const answer = this.pending.get(reply.id ?? -1)
        this.pending.delete(reply.id ?? -1)
        answer?.(reply)
      })
      this.child.once('exit', (code, signal) => {
        const error = `the bots' process exited (${signal ?? code})`
        reject(new Error(error))
        for (const answer of this.pending.values()) answer({ error })
        this.pending.clear()
        if (this.state !== 'stopping' && this.state !== 'idle') this.fail(error)
        else this.state = 'idle'
      })
    })
    void this.run().catch((error: Error) => this.fail(error.message))
  }

  private request<T>(command: GeneratorCommand): Promise<T> {
    const id = this.next++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.error === undefined ? resolve(reply.result as T) : reject(new Error(reply.error)),
      )
      this.child.send({ id, command })
    })
  }

  private async run(): Promise<void> {
    await this.ready
    const joins = await this.request<{ joined: number; failed: number }>({ cmd: 'join' })
    if (this.state !== 'joining') return
    this.joined = joins.joined
    await this.request({ cmd: 'start' })
    await this.request({ cmd: 'measure' })
    this.state = 'running'
    this.startedAt = performance.now()
    this.timer = setTimeout(this.rollWindow, 1_000)
  }

  /** Closes the generator's measuring window, keeps its figures, opens the next. */
  private rollWindow = async (): Promise<void> => {
    if (this.state !== 'running') return
    try {
      const { stats } = await this.request<{ stats: StatsData }>({ cmd: 'stopMeasure' })
      await this.request({ cmd: 'measure' })
      this.windows.push(stats)
      if (this.windows.length > WINDOWS) this.windows.shift()
    } catch (error) {
      return this.fail((error as Error).message)
    }
    if (this.state === 'running') this.timer = setTimeout(this.rollWindow, 1_000)
  }

  private fail(message: string): void {
    if (this.state === 'failed') return
    this.state = 'failed'
    this.failure = message
    clearTimeout(this.timer)
    if (this.child.exitCode === null) this.child.kill('SIGKILL')
  }

  /** Closes every session and ends the process (killed when it does not within 5 s). */
  async stop(): Promise<void> {
    clearTimeout(this.timer)
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      this.state = this.state === 'failed' ? 'failed' : 'idle'
      return
    }
    this.state = 'stopping'
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.request({ cmd: 'close' }).catch(() => undefined)
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
    this.state = 'idle'
  }

  /** Kills the process at once (the dev server is exiting). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL')
  }

  get stats(): CrowdStats {
    const seconds = this.windows.reduce((s, w) => s + w.windowMs, 0) / 1000
    const counters: Record<string, number> = {}
    for (const window of this.windows)
      for (const [name, n] of Object.entries(window.counters))
        counters[name] = (counters[name] ?? 0) + n
    const sentPerS: Record<string, number> = {}
    for (const [name, n] of Object.entries(counters))
      if (/^sent\.[a-z]+$/.test(name) && seconds > 0) sentPerS[name.slice(5)] = n / seconds
    // `always.` counters are cumulative: the newest window has them all
    const always = Object.entries(this.windows.at(-1)?.counters ?? {})
    const problems = always
      .filter(([name]) => PROBLEMS.some((prefix) => name.startsWith(prefix)))
      .reduce((n, [, count]) => n + count, 0)
    return {
      state: this.state,
      doc: this.doc,
      editors: this.editors,
      joined: this.joined,
      runningS: this.startedAt === 0 ? 0 : (performance.now() - this.startedAt) / 1000,
      sentPerS,
      latencyMs: {
        editText: this.latency('editText'),
        editStructure: this.latency('editStructure'),
        cursor: this.latency('cursor'),
        ack: this.latency('ack'),
      },
      problems,
      failure: this.failure,
    }
  }

  private latency(name: LatencyName): LatencySummary {
    const merged = Histogram.of(...this.windows.map((w) => w.latencies[name])).summary()
    return { count: merged.count, p50: merged.p50, p99: merged.p99, max: merged.max }
  }
}
