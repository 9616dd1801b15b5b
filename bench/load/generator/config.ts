/**
 * What the coordinator tells a generator process: which system to load, which actors it runs,
 * and the traffic of the design (rates per actor per second).
 */
export type SystemName = 'ours' | 'naive' | 'yjs'

export interface TrafficRates {
  /** Edits per editor per second (1.5 in the design). */
  readonly edits: number
  /** Cursor moves per editor per second (3). */
  readonly cursors: number
  /** Viewport changes per editor per second (1). */
  readonly viewports: number
  /** Ops per agent per second (20). */
  readonly agentOps: number
}

export interface GeneratorConfig {
  readonly system: SystemName
  /** ws:// URL of the sync endpoint (ours) or of the Yjs server. */
  readonly url: string
  readonly docId: string
  /** Editors and agents this process runs, and the global index of its first actor. */
  readonly editors: number
  readonly agents: number
  readonly firstActor: number
  readonly rates: TrafficRates
  /** Share of edits that change structure (0.1). */
  readonly structureShare: number
  /** Share of viewport changes that jump to a random place (0.1); the rest scroll ±15 blocks. */
  readonly jumpShare: number
  readonly viewportSize: number
  readonly seed: number
  /** Sessions opened per second while joining. */
  readonly joinPerSecond: number
}

/** An observer's view of the document at the end, for the divergence check. */
export interface ObserverReport {
  readonly name: string
  readonly seq: number
  /** The rendering compared with the server's (Markdown for ours, blocks as text for Yjs). */
  readonly rendering: string
  readonly blocks: number
  readonly errors: readonly string[]
}

/** Coordinator → generator requests, answered with the result of the same id. */
export type GeneratorCommand =
  | { readonly cmd: 'join' }
  | { readonly cmd: 'start' }
  | { readonly cmd: 'measure' }
  | { readonly cmd: 'stopMeasure' }
  | { readonly cmd: 'stopTraffic'; readonly drainMs: number }
  | { readonly cmd: 'verify' }
  | { readonly cmd: 'close' }
