/**
 * Runs the deterministic simulator for as many seeds as asked.
 *
 *   npx tsx scripts/simulate.ts --seeds 1000 --steps 500 [--from 1] [--seed N] [--replicas 8]
 *                               [--truncate] [--model] [--trace] [--stop]
 *
 * --seed N replays one seed (with --trace, prints every op and delivery); --model drives the
 * naive test replica instead of DocumentReplica (to check the harness itself); --stop stops at
 * the first failure. Prints progress, each failure with its seed, and a summary.
 */
import { parseArgs } from 'node:util'
import { documentReplicaFactory, modelReplicaFactory } from '../test/sim/replicas.js'
import { runSimulation, SimFailure, type SimStats } from '../test/sim/simulator.js'

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '100' },
    steps: { type: 'string', default: '500' },
    from: { type: 'string', default: '1' },
    seed: { type: 'string' },
    replicas: { type: 'string', default: '5' },
    truncate: { type: 'boolean', default: false },
    model: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
    stop: { type: 'boolean', default: false },
  },
})

const factory = values.model ? modelReplicaFactory : documentReplicaFactory
const steps = Number(values.steps)
const replicas = Number(values.replicas)
const seeds =
  values.seed !== undefined
    ? [Number(values.seed)]
    : Array.from({ length: Number(values.seeds) }, (_, i) => Number(values.from) + i)

const sum = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v
}

const totals = {
  ops: 0,
  generated: 0,
  markers: 0,
  localOps: {} as Record<string, number>,
  scenarios: {} as Record<string, number>,
  rejections: {} as Record<string, number>,
  reference: {} as Record<string, number>,
  network: {} as Record<string, number>,
}
const failures: Array<{ seed: number; message: string }> = []
const started = performance.now()
let done = 0
let lastReport = started

for (const seed of seeds) {
  let stats: SimStats | undefined
  try {
    stats = runSimulation({
      seed,
      steps,
      replicas,
      factory,
      truncate: values.truncate,
      ...(values.trace ? { trace: (line: string) => console.log(line) } : {}),
    })
  } catch (error) {
    const message =
      error instanceof SimFailure
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error)
    failures.push({ seed, message })
    console.log(`✗ seed ${seed}: ${message}`)
    if (values.stop) break
  }
  done++
  if (stats !== undefined) {
    totals.ops += stats.ops
    totals.generated += stats.generated
    totals.markers += stats.markers
    sum(totals.localOps, stats.localOps)
    sum(totals.scenarios, stats.scenarios)
    sum(totals.rejections, stats.rejections)
    sum(totals.reference, stats.reference)
    sum(totals.network, stats.network as unknown as Record<string, number>)
  }
  const now = performance.now()
  if (now - lastReport > 2_000 || done === seeds.length) {
    lastReport = now
    const rate = done / ((now - started) / 1000)
    console.log(
      `… ${done}/${seeds.length} seeds, ${failures.length} failed, ${rate.toFixed(2)} seeds/s`,
    )
  }
}

const seconds = (performance.now() - started) / 1000
const table = (title: string, counts: Record<string, number>): void => {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a)
  console.log(
    `  ${title}: ${entries.length === 0 ? '—' : entries.map(([k, v]) => `${k} ${v}`).join(', ')}`,
  )
}
console.log('')
console.log(
  `${done} seeds × ${steps} steps, ${replicas} replicas${values.model ? ' (model replica)' : ''}`,
)
console.log(
  `  ${seconds.toFixed(1)} s, ${(done / seconds).toFixed(2)} seeds/s, ${totals.ops} ops (${(totals.ops / seconds).toFixed(0)} ops/s)`,
)
table('local ops', totals.localOps)
table('scenarios', totals.scenarios)
table('rejections reported by replicas', totals.rejections)
table('reference outcomes', totals.reference)
table('network', totals.network)
console.log(`  rescue ops generated: ${totals.generated}, markers checked: ${totals.markers}`)
if (failures.length > 0) {
  console.log(`\n${failures.length} failing seed(s): ${failures.map((f) => f.seed).join(' ')}`)
  console.log(
    `replay one: npx tsx scripts/simulate.ts --seed ${failures[0]!.seed} --steps ${steps} --replicas ${replicas}`,
  )
  process.exitCode = 1
} else {
  console.log('\nall seeds passed')
}
