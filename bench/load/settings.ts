/**
 * The benchmark's knobs, from command-line flags. Every rate, N, the document size and the
 * windows are flags; the defaults are the design's traffic (issue 7).
 *
 *   pnpm bench:load [--systems ours,naive,yjs] [--editors 1000] [--agents 150] [--agent-rate 20]
 *     [--edit-rate 1.5] [--cursor-rate 3] [--viewport-rate 1] [--structure 0.1] [--blocks 2000]
 *     [--viewport 50] [--warmup 10] [--duration 60] [--sweep 50,100,250,500,1000,2000]
 *     [--sweep-duration 20] [--generators 1] [--join-rate 100] [--seed 7] [--cpu-prof]
 *     [--smoke] [--out bench/results/load.json] [--merge] [--no-write]
 */
import { parseArgs } from 'node:util'
import type { SystemName, TrafficRates } from './generator/config.js'

export interface LoadSettings {
  readonly systems: readonly SystemName[]
  /** N of the headline run (ours, `durationS`); 0 skips it. */
  readonly editors: number
  /** Agents at N editors; the sweep keeps the same ratio. */
  readonly agentsPerEditor: number
  readonly rates: TrafficRates
  readonly structureShare: number
  /** Share of an editor's viewport changes that jump to a random place (the rest scroll a little). */
  readonly jumpShare: number
  readonly blocks: number
  readonly viewportSize: number
  readonly warmupS: number
  readonly durationS: number
  readonly sweep: readonly number[]
  readonly sweepDurationS: number
  readonly generators: number
  readonly joinPerSecond: number
  readonly seed: number
  readonly cpuProfile: boolean
  readonly smoke: boolean
  /** Where results go; undefined: not written. */
  readonly out: string | undefined
  /**
   * Keep the results already in `out` for the systems (and the headline) not run now, so one
   * system's sweep can be measured again, in a quieter moment, without the others.
   */
  readonly merge: boolean
}

export const DEFAULT_OUT = 'results/load.json'

export const parseSettings = (argv: readonly string[]): LoadSettings => {
  const { values: v } = parseArgs({
    args: [...argv],
    options: {
      systems: { type: 'string' },
      editors: { type: 'string' },
      agents: { type: 'string' },
      'agent-rate': { type: 'string' },
      'edit-rate': { type: 'string' },
      'cursor-rate': { type: 'string' },
      'viewport-rate': { type: 'string' },
      structure: { type: 'string' },
      jump: { type: 'string' },
      blocks: { type: 'string' },
      viewport: { type: 'string' },
      warmup: { type: 'string' },
      duration: { type: 'string' },
      sweep: { type: 'string' },
      'sweep-duration': { type: 'string' },
      generators: { type: 'string' },
      'join-rate': { type: 'string' },
      seed: { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      smoke: { type: 'boolean' },
      out: { type: 'string' },
      'no-write': { type: 'boolean' },
      merge: { type: 'boolean' },
    },
    strict: true,
  })
  const num = (value: string | undefined, fallback: number, name: string): number => {
    if (value === undefined) return fallback
    const n = Number(value)
    if (!Number.isFinite(n) || n < 0)
      throw new Error(`--${name} must be a number ≥ 0, got ${value}`)
    return n
  }
  const smoke = v.smoke === true
  const editors = num(v.editors, smoke ? 50 : 1000, 'editors')
  const agents = num(v.agents, Math.round(editors * 0.15), 'agents')
  const systems = (v.systems ?? (smoke ? 'ours,naive,yjs' : 'ours,naive,yjs')).split(',')
  for (const s of systems)
    if (s !== 'ours' && s !== 'naive' && s !== 'yjs') throw new Error(`unknown system ${s}`)
  const sweep =
    v.sweep === 'none' || smoke
      ? []
      : (v.sweep ?? '50,100,250,500,1000,2000').split(',').map((s) => num(s, 0, 'sweep'))
  return {
    systems: systems as SystemName[],
    editors,
    agentsPerEditor: editors === 0 ? 0.15 : agents / editors,
    rates: {
      edits: num(v['edit-rate'], 1.5, 'edit-rate'),
      cursors: num(v['cursor-rate'], 3, 'cursor-rate'),
      viewports: num(v['viewport-rate'], 1, 'viewport-rate'),
      agentOps: num(v['agent-rate'], 20, 'agent-rate'),
    },
    structureShare: num(v.structure, 0.1, 'structure'),
    jumpShare: num(v.jump, 0.1, 'jump'),
    blocks: num(v.blocks, 2000, 'blocks'),
    viewportSize: num(v.viewport, 50, 'viewport'),
    warmupS: num(v.warmup, smoke ? 3 : 10, 'warmup'),
    durationS: num(v.duration, smoke ? 10 : 60, 'duration'),
    sweep,
    sweepDurationS: num(v['sweep-duration'], 20, 'sweep-duration'),
    generators: num(v.generators, 1, 'generators'),
    joinPerSecond: num(v['join-rate'], 100, 'join-rate'),
    seed: num(v.seed, 7, 'seed'),
    cpuProfile: v['cpu-prof'] === true,
    smoke,
    out: v['no-write'] === true || smoke ? v.out : (v.out ?? DEFAULT_OUT),
    merge: v.merge === true,
  }
}
