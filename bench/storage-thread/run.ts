/**
 * What moving PGlite to a worker thread buys the server's event loop (load benchmark, issue 7):
 * PGlite in process against PGlite on its thread (packages/server/src/storage/pglite-thread.ts),
 * both in memory so the disk does not blur the figures.
 *
 *   npx tsx bench/storage-thread/run.ts        (from the repository root)
 *
 * Prints, for each: the main thread's event-loop busy time (performance.eventLoopUtilization
 * counts only the thread it runs on) per 1,000 appended ops, in batches of 50 with 1 KiB
 * envelopes, and per 1 MB snapshot saved and read, with the worker thread's busy time beside it
 * (the work moved, not removed); then the append latency a caller sees. Each busy figure is the
 * median of ROUNDS rounds after one unmeasured warm-up round.
 *
 * Busy time is wall time the loop is not waiting, so on a loaded machine it includes time the
 * thread was runnable but not running. Where Linux's /proc shows it, the main thread's CPU time
 * is printed too (10 ms ticks, so summed over all rounds, then divided).
 */
import { readFileSync } from 'node:fs'
import { type EventLoopUtilization, performance } from 'node:perf_hooks'
import {
  openPgliteStorage,
  type Storage,
  type StoredOp,
} from '../../packages/server/src/storage/index.js'
import { startPgliteThread } from '../../packages/server/src/storage/pglite-thread.js'
import { createSqlStorage } from '../../packages/server/src/storage/sql-storage.js'

const BATCH = 50
const OPS_PER_ROUND = 1000
const ENVELOPE_BYTES = 1024
const SNAPSHOT_BYTES = 1024 * 1024
const SNAPSHOTS_PER_ROUND = 5
const ROUNDS = 10
const LATENCY_BATCHES = 200

interface Subject {
  readonly storage: Storage
  /** The worker thread's event-loop utilization, when PGlite runs on one. */
  readonly workerLoop?: (previous?: EventLoopUtilization) => EventLoopUtilization
}

const subjects: [string, () => Promise<Subject>][] = [
  ['in process', async () => ({ storage: await openPgliteStorage({ thread: false }) })],
  [
    'worker thread',
    async () => {
      // openPgliteStorage({ thread: true }) without a folder, opened by hand to reach the worker.
      const client = await startPgliteThread({ dataDir: undefined })
      const storage = createSqlStorage(client)
      await storage.migrate()
      return {
        storage,
        workerLoop: (previous) => client.worker.performance.eventLoopUtilization(previous),
      }
    },
  ],
]

const batch = (from: number): StoredOp[] =>
  Array.from({ length: BATCH }, (_, i) => ({
    seq: from + i,
    opId: `0000018f-${from + i}-replica`,
    kind: 'edit_text',
    userId: 'user-1',
    envelope: new Uint8Array(ENVELOPE_BYTES).fill((from + i) & 0xff),
  }))

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}
const median = (values: number[]): number => percentile(values, 0.5)

interface Busy {
  readonly main: number
  readonly worker: number
  /** The main thread's CPU time, when /proc shows it. */
  readonly mainCpu: number | undefined
}

/** This (the main) thread's user + system CPU time from /proc, in ms; undefined elsewhere. */
const mainThreadCpuMs = (): number | undefined => {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    // After the command name in parentheses, utime and stime are fields 14 and 15 of proc(5),
    // in ticks of 10 ms (USER_HZ = 100).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

/** Each thread's busy milliseconds while `work` runs, divided by `per`. */
const busy = async (subject: Subject, per: number, work: () => Promise<void>): Promise<Busy> => {
  const cpu = mainThreadCpuMs()
  const main = performance.eventLoopUtilization()
  const worker = subject.workerLoop?.()
  await work()
  const cpuAfter = mainThreadCpuMs()
  return {
    main: performance.eventLoopUtilization(main).active / per,
    worker: worker ? subject.workerLoop!(worker).active / per : 0,
    mainCpu: cpu === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpu) / per,
  }
}

interface Figures {
  readonly append: Busy
  readonly save: Busy
  readonly read: Busy
  readonly latencyP50: number
  readonly latencyP95: number
}

const medianBusy = (samples: Busy[]): Busy => ({
  main: median(samples.map((s) => s.main)),
  worker: median(samples.map((s) => s.worker)),
  // A mean, not a median: one round is a few ticks at most.
  mainCpu: samples.some((s) => s.mainCpu === undefined)
    ? undefined
    : samples.reduce((sum, s) => sum + s.mainCpu!, 0) / samples.length,
})

const measure = async (subject: Subject): Promise<Figures> => {
  const { storage } = subject
  const docId = `bench-${Date.now()}`
  await storage.createDocument({ id: docId, kind: 'doc' })
  let seq = 0
  // Built before they are timed: the figure is the storage's work, not the envelopes'.
  const nextBatches = (count: number) =>
    Array.from({ length: count }, (_, i) => batch(seq + 1 + i * BATCH))
  const appendAll = async (batches: StoredOp[][]) => {
    for (const ops of batches) {
      await storage.appendOps(docId, ops)
      seq += BATCH
    }
  }
  const snapshot = new Uint8Array(SNAPSHOT_BYTES).map((_, i) => (i * 31) & 0xff)
  const repeat = (work: () => Promise<unknown>) => async () => {
    for (let i = 0; i < SNAPSHOTS_PER_ROUND; i++) await work()
  }

  const append: Busy[] = []
  const save: Busy[] = []
  const read: Busy[] = []
  for (let round = 0; round <= ROUNDS; round++) {
    const batches = nextBatches(OPS_PER_ROUND / BATCH)
    const figures = [
      await busy(subject, 1, () => appendAll(batches)),
      await busy(
        subject,
        SNAPSHOTS_PER_ROUND,
        repeat(() => storage.saveSnapshot(docId, { seq, data: snapshot })),
      ),
      await busy(
        subject,
        SNAPSHOTS_PER_ROUND,
        repeat(() => storage.latestSnapshot(docId)),
      ),
    ] as const
    if (round === 0) continue // warm-up: WASM tiering, caches
    append.push(figures[0])
    save.push(figures[1])
    read.push(figures[2])
  }

  const latencies: number[] = []
  for (const ops of nextBatches(LATENCY_BATCHES)) {
    const started = performance.now()
    await storage.appendOps(docId, ops)
    latencies.push(performance.now() - started)
    seq += BATCH
  }
  return {
    append: medianBusy(append),
    save: medianBusy(save),
    read: medianBusy(read),
    latencyP50: median(latencies),
    latencyP95: percentile(latencies, 0.95),
  }
}

const results: [string, Figures][] = []
for (const [name, open] of subjects) {
  const subject = await open()
  try {
    results.push([name, await measure(subject)])
  } finally {
    await subject.storage.close()
  }
}

const cell = (value: string, width: number) => value.padStart(width)
const pair = ({ main, worker }: Busy) => `${main.toFixed(2)} / ${worker.toFixed(2)}`
const cpu = ({ mainCpu }: Busy) => (mainCpu === undefined ? '–' : mainCpu.toFixed(1))
console.log(
  `PGlite in memory. Busy: event-loop busy ms, main thread / worker thread (median of ${ROUNDS} rounds);` +
    ` main CPU: the main thread's CPU ms (mean of ${ROUNDS} rounds).` +
    `\nLatency: appendOps of one batch of ${BATCH} ops, over ${LATENCY_BATCHES} batches.\n`,
)
const columns = [
  'busy per 1,000 ops',
  'main CPU',
  'busy per 1 MB save',
  'main CPU',
  'busy per 1 MB read',
  'main CPU',
  'p50 ms',
  'p95 ms',
]
const widths = [20, 10, 20, 10, 20, 10, 8, 8]
const row = (cells: string[]) => cells.map((c, i) => cell(c, widths[i]!)).join('')
console.log(`${'PGlite'.padEnd(14)}${row(columns)}`)
for (const [name, f] of results) {
  const cells = [
    pair(f.append),
    cpu(f.append),
    pair(f.save),
    cpu(f.save),
    pair(f.read),
    cpu(f.read),
    f.latencyP50.toFixed(2),
    f.latencyP95.toFixed(2),
  ]
  console.log(`${name.padEnd(14)}${row(cells)}`)
}
console.log(
  `\n(batches of ${BATCH} ops with ${ENVELOPE_BYTES} B envelopes; snapshots of ${SNAPSHOT_BYTES} B)`,
)
