/**
 * A load-generator process: `node --import tsx generator/main.ts '<config json>'`, forked by
 * the coordinator (run.ts). It runs its share of the actors against one system and answers
 * the coordinator's commands over IPC: join, start, measure, stopMeasure, stopTraffic,
 * verify, close.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { seededRandom } from '../../core/random.js'
import { LoadStats } from '../measure/load-stats.js'
import { createOurDriver } from '../ours/driver.js'
import { LOOP_RESOLUTION_MS } from '../system.js'
import { type Stream, TrafficSchedule } from '../traffic.js'
import { createYjsDriver } from '../yjs/driver.js'
import type { GeneratorCommand, GeneratorConfig } from './config.js'
import type { ActionKind, Driver } from './driver.js'

const config = JSON.parse(process.argv[2]!) as GeneratorConfig
const stats = new LoadStats()
const driver: Driver =
  config.system === 'yjs' ? createYjsDriver(config, stats) : createOurDriver(config, stats)
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
/** The monitor reports the time between its samples: the delay is what is above the interval. */
const delayMs = (ns: number): number => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS)
loop.enable()

const streams: Stream<ActionKind>[] = []
for (let i = 0; i < driver.actors; i++) {
  if (i < config.editors) {
    streams.push({ actor: i, kind: 'edit', perSecond: config.rates.edits })
    streams.push({ actor: i, kind: 'cursor', perSecond: config.rates.cursors })
    streams.push({ actor: i, kind: 'viewport', perSecond: config.rates.viewports })
  } else {
    streams.push({ actor: i, kind: 'edit', perSecond: config.rates.agentOps })
    // an agent stays on its region, and scrolls a little now and then
    streams.push({ actor: i, kind: 'viewport', perSecond: 0.1 })
  }
  // a real client pings every heartbeat (15 s)
  streams.push({ actor: i, kind: 'ping', perSecond: 1 / 15 })
}
const schedule = new TrafficSchedule(
  streams,
  seededRandom(config.seed + config.firstActor),
  (stream) => {
    if (driver.act(stream.actor, stream.kind)) stats.count(`sent.${stream.kind}`)
  },
  stats,
)

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const handle = async (command: GeneratorCommand): Promise<unknown> => {
  switch (command.cmd) {
    case 'join':
      return driver.join()
    case 'start':
      schedule.start()
      return true
    case 'measure':
      stats.start(driver.actors)
      loop.reset()
      return true
    case 'stopMeasure': {
      stats.stop()
      const data = stats.data()
      return {
        stats: data,
        eventLoop: {
          p50: delayMs(loop.percentile(50)),
          p99: delayMs(loop.percentile(99)),
          max: delayMs(loop.max),
        },
      }
    }
    case 'stopTraffic': {
      schedule.stop()
      const until = Date.now() + command.drainMs
      while (driver.inFlight() > 0 && Date.now() < until) await wait(50)
      return { inFlight: driver.inFlight() }
    }
    case 'verify':
      return driver.verify()
    case 'close':
      driver.close()
      setTimeout(() => process.exit(0), 200)
      return true
  }
}

process.on('message', (raw: { id: number; command: GeneratorCommand }) => {
  handle(raw.command).then(
    (result) => process.send!({ id: raw.id, result }),
    (error: unknown) =>
      process.send!({ id: raw.id, error: error instanceof Error ? error.stack : String(error) }),
  )
})
process.send!({ ready: true })
