/**
 * A server under test, as the coordinator sees it: a process to measure, a URL for the
 * generators, a document to create, cumulative counters, and the document as the server has
 * it at the end. Ours (designed and naive fanout) and the Yjs reference both implement it.
 */
import type { GeneratedDocument } from './document.js'

/** Cumulative since the server started, except the event-loop figures (since the last read). */
export interface ServerCounters {
  /** Durable ops (ours) or sync updates (Yjs) received. */
  readonly opsIn: number
  readonly opsApplied: number
  readonly opsRejected: number
  readonly messagesOut: number
  readonly framesOut: number
  readonly bytesOut: number
  readonly sessions: number
  readonly laggingSessions: number
  readonly ephemeralDropped: number
  readonly protocolErrors: number
  readonly loopP50Ms: number
  readonly loopP99Ms: number
  readonly loopMaxMs: number
}

export interface SystemServer {
  readonly pid: number
  /** What the generators connect to. */
  readonly syncUrl: string
  prepare(doc: GeneratedDocument, docId: string): Promise<void>
  counters(): Promise<ServerCounters>
  /** The document as the server has it, rendered as the observers render theirs. */
  rendering(docId: string): Promise<{ rendering: string; seq: number }>
  /** A CPU profile of the window, when the server was started to be profiled. */
  startProfile?(): Promise<void>
  stopProfile?(): Promise<unknown>
  stop(): Promise<void>
}

/** The sampling interval of every event-loop monitor here (ours, Yjs runner, generators). */
export const LOOP_RESOLUTION_MS = 10
