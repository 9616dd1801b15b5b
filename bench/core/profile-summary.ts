/**
 * The top self-time functions of a V8 CPU profile, for reports on a workload that misses its
 * target: `BENCH_ONLY=local-moves node --cpu-prof --cpu-prof-dir=results/profiles --import tsx
 * core/run.ts`, then `tsx core/profile-summary.ts results/profiles/<file>.cpuprofile [top]`.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  readonly id: number
  readonly callFrame: {
    readonly functionName: string
    readonly url: string
    readonly lineNumber: number
  }
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

const [file, topArg] = process.argv.slice(2)
if (file === undefined) {
  console.error('usage: tsx core/profile-summary.ts <file.cpuprofile> [top]')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const selfTime = new Map<string, number>()
let total = 0
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)!.callFrame
  const where = frame.url.split('/').slice(-2).join('/')
  const name = `${frame.functionName || '(anonymous)'}  ${where}${where ? `:${frame.lineNumber + 1}` : ''}`
  const micros = profile.timeDeltas[i] ?? 0
  selfTime.set(name, (selfTime.get(name) ?? 0) + micros)
  total += micros
})
const top = [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 20))
for (const [name, micros] of top) {
  const share = `${((100 * micros) / total).toFixed(1)}%`.padStart(6)
  console.log(`${share} ${`${(micros / 1000).toFixed(0)} ms`.padStart(9)}  ${name}`)
}
