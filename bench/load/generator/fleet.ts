/**
 * The coordinator's handle on its generator processes: forks them (`node --import tsx`), splits
 * the actors between them, and sends every command to all of them at once.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { GeneratorCommand, GeneratorConfig } from './config.js'

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
}

class GeneratorProcess {
  private next = 0
  private readonly pending = new Map<number, Pending>()
  readonly ready: Promise<void>

  constructor(readonly child: ChildProcess) {
    this.ready = new Promise((resolve, reject) => {
      child.once('exit', (code) => {
        const error = new Error(`generator exited (${code})`)
        reject(error)
        for (const p of this.pending.values()) p.reject(error)
      })
      child.on(
        'message',
        (raw: { ready?: true; id?: number; result?: unknown; error?: string }) => {
          if (raw.ready) return resolve()
          const p = this.pending.get(raw.id!)
          this.pending.delete(raw.id!)
          if (raw.error !== undefined) p?.reject(new Error(raw.error))
          else p?.resolve(raw.result)
        },
      )
    })
  }

  request<T>(command: GeneratorCommand): Promise<T> {
    const id = this.next++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.child.send({ id, command })
    })
  }
}

export class GeneratorFleet {
  private constructor(private readonly processes: GeneratorProcess[]) {}

  get pids(): number[] {
    return this.processes.map((p) => p.child.pid!)
  }

  /** Forks `count` generators sharing `editors` and `agents` between them. */
  static async start(
    count: number,
    base: Omit<GeneratorConfig, 'editors' | 'agents' | 'firstActor'> & {
      editors: number
      agents: number
    },
  ): Promise<GeneratorFleet> {
    const processes: GeneratorProcess[] = []
    let first = 0
    for (let i = 0; i < count; i++) {
      const share = (n: number) => Math.floor(n / count) + (i < n % count ? 1 : 0)
      const config: GeneratorConfig = {
        ...base,
        editors: share(base.editors),
        agents: share(base.agents),
        firstActor: first,
      }
      first += config.editors + config.agents
      const child = fork(MAIN, [JSON.stringify(config)], {
        execArgv: ['--import', 'tsx', '--max-old-space-size=2048'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
      processes.push(new GeneratorProcess(child))
    }
    await Promise.all(processes.map((p) => p.ready))
    return new GeneratorFleet(processes)
  }

  all<T>(command: GeneratorCommand): Promise<T[]> {
    return Promise.all(this.processes.map((p) => p.request<T>(command)))
  }

  async close(): Promise<void> {
    await Promise.race([
      this.all({ cmd: 'close' }).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 5_000)),
    ])
    for (const p of this.processes) if (p.child.exitCode === null) p.child.kill('SIGKILL')
  }
}
