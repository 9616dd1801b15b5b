/**
 * One point of the benchmark: one system, N editors (and their agents), warm-up, a measured
 * window, then the traffic stops, every op settles, and the observers' documents are compared
 * with the server's. Everything a report needs comes back as one `PointResult`.
 */
import { writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { generateDocument } from './document.js'
import type { ObserverReport, SystemName } from './generator/config.js'
import { GeneratorFleet } from './generator/fleet.js'
import { Histogram, type Percentiles } from './measure/histogram.js'
import { LATENCIES, type LatencyName, type StatsData } from './measure/load-stats.js'
import { type ProcessUsage, ProcSampler } from './measure/proc-sampler.js'
import { Observer } from './ours/observer.js'
import { startOurServer } from './ours/server.js'
import { summariseWindow, type WindowProfile } from './report/profile-window.js'
import type { LoadSettings } from './settings.js'
import type { ServerCounters, SystemServer } from './system.js'
import { startYjsServer } from './yjs/server.js'

export interface PointResult {
  readonly system: SystemName
  readonly editors: number
  readonly agents: number
  readonly windowS: number
  /** Wall-clock ms of the measured window (to cut a server CPU profile to it). */
  readonly window: { readonly start: number; readonly end: number }
  /**
   * Whether the server answered `/metrics` at the start and during the window; when it did
   * not (too busy), its counters and the rates made from them are not known.
   */
  readonly serverAnswered: boolean
  readonly joined: { readonly sessions: number; readonly failed: number; readonly seconds: number }
  readonly inbound: {
    /** Events (edits, agent ops, cursor moves, viewport changes) the schedule called for. */
    readonly offeredPerS: number
    /** Events the generator sent. */
    readonly sentPerS: number
    /** Ops the server received (Yjs: sync updates). */
    readonly serverOpsPerS: number
    readonly sentOpsPerS: number
    readonly byKind: Record<string, number>
  }
  readonly outbound: {
    readonly messagesPerS: number
    readonly framesPerS: number
    readonly bytesPerS: number
    /** Messages each client received per second: mean, median, p99, max over clients. */
    readonly perClient: { mean: number; p50: number; p99: number; max: number }
  }
  readonly latencyMs: Record<LatencyName, Percentiles>
  readonly server: ProcessUsage & {
    readonly loopP50Ms: number
    readonly loopP99Ms: number
    readonly loopMaxMs: number
  }
  readonly generator: ProcessUsage & { readonly loopP99Ms: number; readonly loopMaxMs: number }
  readonly machine: {
    readonly busyCores: number
    readonly otherCores: number
    readonly cores: number
  }
  readonly problems: {
    readonly errors: Record<string, number>
    readonly conflicts: Record<string, number>
    readonly reconnects: number
    readonly lagging: number
    readonly lostInFlight: number
    readonly inFlightAtEnd: number
    /**
     * Why a session opened after the traffic could not load the document (null: it could).
     * The Yjs reference is checked by its rendering, which is such a session.
     */
    readonly lateJoin: string | null
    readonly ephemeralDropped: number
  }
  readonly divergence: {
    /** False when the server could not be asked (it did not answer in time). */
    readonly checked: boolean
    readonly observers: number
    readonly diverged: number
    readonly serverBlocks: number
    readonly detail: string[]
  }
  /** Where the server's time went in the window, when it ran with `--cpu-prof`. */
  readonly profile?: WindowProfile & { readonly file: string }
}

const DOC_ID = 'load-bench'
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Counters of a server that did not answer (the rates then start from zero). */
const NO_COUNTERS: ServerCounters = {
  opsIn: 0,
  opsApplied: 0,
  opsRejected: 0,
  messagesOut: 0,
  framesOut: 0,
  bytesOut: 0,
  sessions: 0,
  laggingSessions: 0,
  ephemeralDropped: 0,
  protocolErrors: 0,
  loopP50Ms: 0,
  loopP99Ms: 0,
  loopMaxMs: 0,
}

/** The value, or undefined when it fails or takes longer than `ms` (an overloaded server). */
const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([promise.catch(() => undefined), wait(ms).then(() => undefined)])

const startServer = (system: SystemName, profileDir?: string) =>
  system === 'yjs'
    ? startYjsServer({ profile: profileDir !== undefined })
    : startOurServer({ naive: system === 'naive', profile: profileDir !== undefined })

interface StopResult {
  readonly stats: StatsData
  readonly eventLoop: { p50: number; p99: number; max: number }
}

export const runPoint = async (
  system: SystemName,
  editors: number,
  windowS: number,
  settings: LoadSettings,
  log: (line: string) => void,
  profileDir?: string,
): Promise<PointResult> => {
  const agents = Math.round(editors * settings.agentsPerEditor)
  const doc = generateDocument(settings.blocks, settings.seed)
  let profileFile: string | undefined
  const server: SystemServer = await startServer(system, profileDir)
  let fleet: GeneratorFleet | undefined
  let result: PointResult
  try {
    await server.prepare(doc, DOC_ID)
    fleet = await GeneratorFleet.start(settings.generators, {
      system,
      url: server.syncUrl,
      docId: DOC_ID,
      editors,
      agents,
      rates: settings.rates,
      structureShare: settings.structureShare,
      jumpShare: settings.jumpShare,
      viewportSize: settings.viewportSize,
      seed: settings.seed,
      joinPerSecond: settings.joinPerSecond / settings.generators,
    })
    const joinStart = performance.now()
    const joins = await fleet.all<{ joined: number; failed: number }>({ cmd: 'join' })
    const joined = {
      sessions: joins.reduce((n, j) => n + j.joined, 0),
      failed: joins.reduce((n, j) => n + j.failed, 0),
      seconds: (performance.now() - joinStart) / 1000,
    }
    log(`  ${joined.sessions} sessions joined in ${joined.seconds.toFixed(1)} s`)
    await fleet.all({ cmd: 'start' })
    await wait(settings.warmupS * 1000)

    const sampler = new ProcSampler({
      server: server.pid,
      ...Object.fromEntries(fleet.pids.map((pid, i) => [`generator${i}`, pid])),
      coordinator: process.pid,
    })
    const loops: ServerCounters[] = []
    const answered = await withTimeout(server.counters(), 10_000)
    const before = answered ?? NO_COUNTERS
    const beforeAt = performance.now()
    let after = before
    let afterAt = beforeAt
    const scrape = async (timeoutMs = 1_000): Promise<void> => {
      const scraped = await withTimeout(server.counters(), timeoutMs)
      if (scraped === undefined) return
      loops.push(scraped)
      after = scraped
      afterAt = performance.now()
    }
    sampler.start()
    if (profileDir !== undefined) await server.startProfile?.()
    await fleet.all({ cmd: 'measure' })
    const windowStart = performance.now()
    const windowWallStart = Date.now()
    const windowEnd = windowStart + windowS * 1000
    // a server that is far behind answers /metrics late: a scrape may not stretch the window
    for (let left = windowS * 1000; left > 50; left = windowEnd - performance.now()) {
      await wait(Math.min(2_000, left))
      if (windowEnd - performance.now() > 500) await scrape()
    }
    const stops = await fleet.all<StopResult>({ cmd: 'stopMeasure' })
    const measuredS = (performance.now() - windowStart) / 1000
    if (profileDir !== undefined) {
      const profile = await withTimeout(
        server.stopProfile?.() ?? Promise.resolve(undefined),
        60_000,
      )
      if (profile !== undefined) {
        profileFile = join(profileDir, `server-${system}-${editors}.cpuprofile`)
        writeFileSync(profileFile, JSON.stringify(profile))
      }
    }
    const usage = sampler.stop()
    const windowWallEnd = Date.now()
    await scrape(5_000)
    // server rates over the scrapes that came back, whose span may differ from the window's
    const serverS = Math.max(0.001, (afterAt - beforeAt) / 1000)
    log(`  measured ${measuredS.toFixed(1)} s; draining`)

    const drains = await fleet.all<{ inFlight: number }>({ cmd: 'stopTraffic', drainMs: 20_000 })
    const lateJoin = system === 'yjs' ? null : await joinLate(server.syncUrl)
    const divergence = await compareDocuments(fleet, server)
    result = summarise({
      system,
      editors,
      agents,
      measuredS,
      serverS,
      serverAnswered: answered !== undefined && afterAt > beforeAt,
      window: { start: windowWallStart, end: windowWallEnd },
      joined,
      stops,
      before,
      after,
      loops,
      usage,
      inFlightAtEnd: drains.reduce((n, d) => n + d.inFlight, 0),
      lateJoin,
      divergence,
      generators: fleet.pids.length,
    })
  } finally {
    await fleet?.close()
    await server.stop()
  }
  if (profileFile === undefined) return result
  // the profile spans the window: every sample counts
  return {
    ...result,
    profile: {
      file: basename(profileFile),
      ...summariseWindow(profileFile, Number.POSITIVE_INFINITY, 0),
    },
  }
}

/** A fresh full-replica session after the run: does a newcomer still get the document? */
const joinLate = async (url: string): Promise<string | null> => {
  const observer = new Observer(url, DOC_ID)
  const synced = await withTimeout(
    observer.connect().then(() => true),
    30_000,
  )
  observer.close()
  if (synced === true) return null
  return observer.errors.join('; ') || 'it did not get the document within 30 s'
}

/** Waits (up to 30 s) until every observer renders the document as the server does. */
const compareDocuments = async (
  fleet: GeneratorFleet,
  server: SystemServer,
): Promise<PointResult['divergence']> => {
  const deadline = Date.now() + 60_000
  for (;;) {
    const expected = await withTimeout(server.rendering(DOC_ID), Math.max(1, deadline - Date.now()))
    const observers = (await fleet.all<ObserverReport[]>({ cmd: 'verify' })).flat()
    if (expected === undefined)
      return {
        checked: false,
        observers: observers.length,
        diverged: 0,
        serverBlocks: 0,
        detail: [
          'the server did not export the document within 60 s of the traffic stopping',
          ...observers.flatMap((o) => o.errors.map((e) => `${o.name}: ${e}`)),
        ],
      }
    const diverged = observers.filter((o) => o.rendering !== expected.rendering)
    const serverBlocks = expected.rendering.split('\n\n').length
    if (diverged.length === 0 || Date.now() > deadline)
      return {
        checked: true,
        observers: observers.length,
        diverged: diverged.length,
        serverBlocks,
        detail: [
          ...diverged.map(
            (o) =>
              `${o.name} at seq ${o.seq} (server ${expected.seq}): ${firstDifference(o.rendering, expected.rendering)}`,
          ),
          ...observers.flatMap((o) => o.errors.map((e) => `${o.name}: ${e}`)),
        ],
      }
    await wait(1_000)
  }
}

const firstDifference = (a: string, b: string): string => {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return `differs at character ${i}: ${JSON.stringify(a.slice(i, i + 60))} vs ${JSON.stringify(b.slice(i, i + 60))}`
}

const summarise = (input: {
  system: SystemName
  editors: number
  agents: number
  measuredS: number
  serverS: number
  serverAnswered: boolean
  window: PointResult['window']
  joined: PointResult['joined']
  stops: StopResult[]
  before: ServerCounters
  after: ServerCounters
  loops: ServerCounters[]
  usage: ReturnType<ProcSampler['stop']>
  inFlightAtEnd: number
  lateJoin: string | null
  divergence: PointResult['divergence']
  generators: number
}): PointResult => {
  const { stops, before, after, measuredS: s, serverS } = input
  const counters: Record<string, number> = {}
  for (const stop of stops)
    for (const [k, n] of Object.entries(stop.stats.counters)) counters[k] = (counters[k] ?? 0) + n
  const pick = (prefix: string): Record<string, number> =>
    Object.fromEntries(
      Object.entries(counters)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, n]) => [k.slice(prefix.length), n]),
    )
  const events = ['edit', 'cursor', 'viewport']
  const offered = pick('offered.')
  const sent = pick('sent.')
  const sum = (o: Record<string, number>, keys: readonly string[]) =>
    keys.reduce((n, k) => n + (o[k] ?? 0), 0)
  const latencyMs = Object.fromEntries(
    LATENCIES.map((name) => [
      name,
      Histogram.of(...stops.map((st) => st.stats.latencies[name])).summary(),
    ]),
  ) as PointResult['latencyMs']
  const perActor = stops
    .flatMap((st) => st.stats.receivedPerActor)
    .map((n) => n / s)
    .sort((a, b) => a - b)
  const at = (q: number) =>
    perActor[Math.min(perActor.length - 1, Math.floor(q * perActor.length))] ?? 0
  const gen = Object.entries(input.usage.processes).filter(([k]) => k.startsWith('generator'))
  const serverUsage = input.usage.processes.server!
  const generatorCores = gen.reduce((n, [, u]) => n + u.cpuCores, 0)
  const coordinator = input.usage.processes.coordinator!
  const loopP99s = input.loops.map((l) => l.loopP99Ms).sort((a, b) => a - b)
  return {
    system: input.system,
    editors: input.editors,
    agents: input.agents,
    windowS: s,
    window: input.window,
    serverAnswered: input.serverAnswered,
    joined: input.joined,
    inbound: {
      offeredPerS: sum(offered, events) / s,
      sentPerS: sum(sent, events) / s,
      serverOpsPerS: (after.opsIn - before.opsIn) / serverS,
      sentOpsPerS: (sent.edit ?? 0) / s,
      byKind: Object.fromEntries(Object.entries(sent).map(([k, n]) => [k, n / s])),
    },
    outbound: {
      messagesPerS: (after.messagesOut - before.messagesOut) / serverS,
      framesPerS: (after.framesOut - before.framesOut) / serverS,
      bytesPerS: (after.bytesOut - before.bytesOut) / serverS,
      perClient: {
        mean: perActor.reduce((a, b) => a + b, 0) / Math.max(1, perActor.length),
        p50: at(0.5),
        p99: at(0.99),
        max: perActor.at(-1) ?? 0,
      },
    },
    latencyMs,
    server: {
      ...serverUsage,
      loopP50Ms: median(input.loops.map((l) => l.loopP50Ms)),
      loopP99Ms: loopP99s[Math.floor(loopP99s.length / 2)] ?? 0,
      loopMaxMs: Math.max(0, ...input.loops.map((l) => l.loopMaxMs)),
    },
    generator: {
      cpuCores: generatorCores,
      cpuCoresMax: gen.reduce((n, [, u]) => n + u.cpuCoresMax, 0),
      rssMeanBytes: gen.reduce((n, [, u]) => n + u.rssMeanBytes, 0),
      rssMaxBytes: gen.reduce((n, [, u]) => n + u.rssMaxBytes, 0),
      loopP99Ms: Math.max(...stops.map((st) => st.eventLoop.p99)),
      loopMaxMs: Math.max(...stops.map((st) => st.eventLoop.max)),
    },
    machine: {
      cores: input.usage.machine.cores,
      busyCores: input.usage.machine.busyCores,
      otherCores: Math.max(
        0,
        input.usage.machine.busyCores -
          serverUsage.cpuCores -
          generatorCores -
          coordinator.cpuCores,
      ),
    },
    problems: {
      errors: {
        ...pick('always.error.'),
        ...(input.joined.failed > 0 ? { joinFailed: input.joined.failed } : {}),
        ...(after.protocolErrors > 0 ? { protocolErrors: after.protocolErrors } : {}),
      },
      conflicts: pick('always.conflict.'),
      reconnects: counters['always.reconnects'] ?? 0,
      lagging: (counters['always.lagging'] ?? 0) + after.laggingSessions,
      lostInFlight: counters['always.lostInFlight'] ?? 0,
      inFlightAtEnd: input.inFlightAtEnd,
      lateJoin: input.lateJoin,
      ephemeralDropped: after.ephemeralDropped - before.ephemeralDropped,
    },
    divergence: input.divergence,
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
