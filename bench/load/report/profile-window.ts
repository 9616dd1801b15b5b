/**
 * Where the server's time went during the measured window, from a V8 CPU profile (the
 * `.cpuprofile` format of `node --cpu-prof`; the benchmark takes it over the window through the
 * inspector, measure/inspector-profiler.ts): samples outside the window are left out. Self time is grouped by part of the system; inclusive time lists the server's
 * own functions that the time was spent under.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  readonly id: number
  readonly callFrame: {
    readonly functionName: string
    readonly url: string
    readonly lineNumber: number
  }
  readonly children?: readonly number[]
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly startTime: number
  readonly endTime: number
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export interface ProfileShare {
  readonly name: string
  readonly ms: number
  readonly share: number
}

export interface WindowProfile {
  readonly sampledMs: number
  readonly byArea: ProfileShare[]
  readonly topSelf: ProfileShare[]
  readonly topInclusive: ProfileShare[]
}

/** Parts of the system, by where a function lives (first match wins). */
const AREAS: ReadonlyArray<readonly [string, RegExp]> = [
  ['garbage collection', /^\(garbage collector\)/],
  ['idle', /^\((idle|program)\)/],
  ['partition map (re-cut, outline)', /rooms\/(partition-map|partition-tracker|outline)/],
  ['catch-up (encoding partitions)', /rooms\/catch-up/],
  ['presence and cursors', /rooms\/presence\//],
  ['fanout and outbound batching', /rooms\/fanout|sessions\/outbound|rooms\/subscriptions/],
  [
    'room, sequencer, op log',
    /rooms\/(room|sequencer|op-log|waiting-ops|recent-ops|snapshot-policy)/,
  ],
  ['PGlite (WASM Postgres)', /wasm|pglite/i],
  ['core replica (tree, props, texts)', /core\/dist\/(replica|tree|hlc|position|delivery)/],
  ['wire codec', /core\/dist\/protocol/],
  ['y-websocket server (its connection code)', /@y\/websocket-server\//],
  ['Yjs and lib0', /yjs|lib0|@y\/y\/|@y\/protocols\//],
  ['WebSocket and network (ws, node)', /\/ws\/|node:|^native |^\(anonymous\) *$/],
  ['session edge (decode, rate limits)', /sessions\/session|limits\//],
]

const keyOf = (node: ProfileNode): string => {
  const f = node.callFrame
  const where = f.url.split('/').slice(-2).join('/')
  return `${f.functionName || '(anonymous)'}  ${where}${where ? `:${f.lineNumber + 1}` : ''}`
}

const areaOf = (node: ProfileNode): string => {
  const label = `${node.callFrame.functionName} ${node.callFrame.url}`
  for (const [name, pattern] of AREAS)
    if (pattern.test(label) || pattern.test(node.callFrame.functionName)) return name
  return node.callFrame.url === '' ? 'V8 and Node internals' : 'other'
}

/** Our server's modules, or the y-websocket server's, for the inclusive list. */
const isServerCode = (node: ProfileNode): boolean =>
  /packages\/server\/dist\/|@y\/websocket-server\/src\//.test(node.callFrame.url)

/**
 * Summarises the samples taken between `fromEndMs` and `toEndMs` before the profile's end
 * (the window, measured back from the moment the server exited).
 */
export const summariseWindow = (
  file: string,
  fromEndMs: number,
  toEndMs: number,
  top = 15,
): WindowProfile => {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const from = profile.endTime - fromEndMs * 1000
  const to = profile.endTime - toEndMs * 1000
  const self = new Map<string, number>()
  const area = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let t = profile.startTime
  let total = 0
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    t += delta
    if (t < from || t > to) return
    const node = byId.get(id)!
    total += delta
    self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + delta)
    area.set(areaOf(node), (area.get(areaOf(node)) ?? 0) + delta)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!
      if (!isServerCode(frame)) continue
      const key = keyOf(frame)
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + delta)
    }
  })
  const shares = (m: Map<string, number>, n: number): ProfileShare[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, micros]) => ({
        name,
        ms: micros / 1000,
        share: total === 0 ? 0 : micros / total,
      }))
  return {
    sampledMs: total / 1000,
    byArea: shares(area, AREAS.length + 3),
    topSelf: shares(self, top),
    topInclusive: shares(inclusive, top),
  }
}
