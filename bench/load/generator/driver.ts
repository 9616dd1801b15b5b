/**
 * What the generator needs from a system under test: open the sessions, run one action of one
 * actor, say how many ops still wait for the server, and report the observers' documents.
 */
import type { ObserverReport } from './config.js'

export type ActionKind = 'edit' | 'cursor' | 'viewport' | 'ping'

export interface Driver {
  /** Editors and agents, in that order (agents have indices after the editors). */
  readonly actors: number
  join(): Promise<{ joined: number; failed: number }>
  /** Runs one due action; false when it could not (session closed, nothing to edit). */
  act(actor: number, action: ActionKind): boolean
  /** Ops sent and not yet acknowledged (ours) or not yet echoed back (Yjs). */
  inFlight(): number
  /** The highest sequence (or update count) the observers have seen. */
  seq(): number
  verify(): Promise<ObserverReport[]>
  close(): void
}
