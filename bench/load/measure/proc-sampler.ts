/**
 * CPU and memory of processes from /proc (Linux): user + system clock ticks from
 * `/proc/<pid>/stat` (all threads), resident memory from `VmRSS` in `/proc/<pid>/status`, and
 * the machine's busy time from `/proc/stat`, so a report can say how the two cores were split
 * between the server, the load generator and everything else (other jobs on this machine).
 */
import { readFileSync } from 'node:fs'

/** `getconf CLK_TCK` is 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100

const processTicks = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // fields after the command name, which may hold spaces, in parentheses
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return undefined
  }
}

const rssBytes = (pid: number): number | undefined => {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match === null ? undefined : Number(match[1]) * 1024
  } catch {
    return undefined
  }
}

/** Busy and total ticks of all CPUs together. */
const machineTicks = (): { busy: number; total: number } => {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!
  const values = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = (values[3] ?? 0) + (values[4] ?? 0)
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

export interface ProcessUsage {
  /** Mean CPU over the window, in cores (1.0 = one core fully busy). */
  readonly cpuCores: number
  /** The busiest one-second sample, in cores. */
  readonly cpuCoresMax: number
  readonly rssMeanBytes: number
  readonly rssMaxBytes: number
}

export interface MachineUsage {
  readonly cores: number
  /** Mean busy cores over the window, all processes together. */
  readonly busyCores: number
}

export class ProcSampler {
  private timer: ReturnType<typeof setInterval> | undefined
  private readonly first = new Map<number, { ticks: number; at: number }>()
  private readonly last = new Map<number, { ticks: number; at: number }>()
  private readonly peaks = new Map<number, number>()
  private readonly rss = new Map<number, number[]>()
  private machineStart = machineTicks()
  private machineEnd = machineTicks()

  constructor(private readonly pids: Record<string, number>) {}

  start(intervalMs = 1000): void {
    this.machineStart = machineTicks()
    const t = performance.now()
    for (const pid of Object.values(this.pids)) {
      const ticks = processTicks(pid) ?? 0
      this.first.set(pid, { ticks, at: t })
      this.last.set(pid, { ticks, at: t })
      this.rss.set(pid, [])
    }
    this.timer = setInterval(() => this.sample(), intervalMs)
  }

  private sample(): void {
    const t = performance.now()
    for (const pid of Object.values(this.pids)) {
      const ticks = processTicks(pid)
      const previous = this.last.get(pid)
      if (ticks !== undefined && previous !== undefined) {
        const cores = (ticks - previous.ticks) / TICKS_PER_SECOND / ((t - previous.at) / 1000)
        this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, cores))
        this.last.set(pid, { ticks, at: t })
      }
      const rss = rssBytes(pid)
      if (rss !== undefined) this.rss.get(pid)?.push(rss)
    }
  }

  stop(): { processes: Record<string, ProcessUsage>; machine: MachineUsage } {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.sample()
    this.machineEnd = machineTicks()
    const processes: Record<string, ProcessUsage> = {}
    for (const [name, pid] of Object.entries(this.pids)) {
      const first = this.first.get(pid)!
      const last = this.last.get(pid)!
      const seconds = (last.at - first.at) / 1000
      const rss = this.rss.get(pid) ?? []
      processes[name] = {
        cpuCores: seconds > 0 ? (last.ticks - first.ticks) / TICKS_PER_SECOND / seconds : 0,
        cpuCoresMax: this.peaks.get(pid) ?? 0,
        rssMeanBytes: rss.length === 0 ? 0 : rss.reduce((a, b) => a + b, 0) / rss.length,
        rssMaxBytes: rss.length === 0 ? 0 : Math.max(...rss),
      }
    }
    const total = this.machineEnd.total - this.machineStart.total
    const cores = Number(readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 1)
    return {
      processes,
      machine: {
        cores,
        busyCores:
          total > 0 ? ((this.machineEnd.busy - this.machineStart.busy) / total) * cores : 0,
      },
    }
  }
}

/** Resident memory of a process now (for the one-off figure after the run). */
export const currentRss = rssBytes
