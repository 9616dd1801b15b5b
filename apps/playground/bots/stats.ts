/**
 * What `GET /bots/stats` answers: the simulated editors' state, the server's figures (from its
 * `/metrics`) and the bots' own latencies. Plain data, shared by the service and the panel.
 */

export type CrowdState = 'idle' | 'joining' | 'running' | 'stopping' | 'failed'

/** Percentiles of one latency over the last few seconds, in ms (null: nothing measured yet). */
export interface LatencySummary {
  readonly count: number
  readonly p50: number
  readonly p99: number
  readonly max: number
}

export interface CrowdStats {
  readonly state: CrowdState
  /** The document the bots edit (null when idle). */
  readonly doc: string | null
  /** Editors asked for, and sessions of them that joined. */
  readonly editors: number
  readonly joined: number
  /** Seconds since the traffic started (0 until then). */
  readonly runningS: number
  /** What the bots sent per second, by kind (edit, cursor, viewport, ping). */
  readonly sentPerS: Readonly<Record<string, number>>
  /** Send of an op (text or structure) to its arrival at a peer bot; send to acknowledgement. */
  readonly latencyMs: {
    readonly editText: LatencySummary
    readonly editStructure: LatencySummary
    readonly cursor: LatencySummary
    readonly ack: LatencySummary
  }
  /** Errors, rejections and reconnects the bots saw since they started. */
  readonly problems: number
  /** Why the bots stopped (state `failed`). */
  readonly failure: string | null
}

export interface ServerFigures {
  /** Open sessions on the server (every document): the bots, their observer and real users. */
  readonly sessions: number
  readonly opsInPerS: number
  readonly messagesOutPerS: number
  readonly bytesOutPerS: number
  /** Messages out per op in (null while no op comes in). */
  readonly fanout: number | null
}

export interface BotsStats {
  readonly crowd: CrowdStats
  /** Null when the server did not answer its `/metrics`. */
  readonly server: ServerFigures | null
  /** Window of the rates, in seconds. */
  readonly windowS: number
}

/** `POST /bots/start`'s body. */
export interface StartBots {
  readonly doc: string
  readonly editors: number
}

/** Bounds of `editors` in `POST /bots/start`. */
export const EDITOR_LIMITS = { min: 1, max: 1000 } as const
