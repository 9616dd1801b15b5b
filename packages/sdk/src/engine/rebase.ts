/**
 * The worker engine's main-thread rebase: the room's edits show at once and mean what the user
 * saw, although the worker applies them later. Text edits go through the text rebase
 * (text-rebase.ts), structure edits through the structure rebase (structure-rebase.ts), which
 * sits on both sides of it: it shows an edit when the room posts it and learns it was handled
 * after the text rebase let it go to the worker.
 *
 * Loaded lazily with the worker engine (the main chunk has a size budget).
 */
import type { EngineCommand, EngineEvent } from './engine.js'
import { structureRebase } from './structure-rebase.js'
import { textRebase } from './text-rebase.js'

export interface Rebase {
  /** Posts a command now, or after the edits it must not overtake. */
  post(command: EngineCommand): void
  /** An event from the worker, on its way to the room. */
  receive(event: EngineEvent): void
  /** Nothing held back, buffered or waiting for the worker. */
  idle(): boolean
}

export const rebase = (
  send: (command: EngineCommand) => void,
  emit: (event: EngineEvent) => void,
  /** Resolves once the worker has handled everything sent before it. */
  flush: () => Promise<void>,
): Rebase => {
  const structure = structureRebase(send, emit, flush)
  const text = textRebase(structure.send, structure.emit)
  return {
    post: (command) => text.post(structure.post(command)),
    receive: text.receive,
    idle: () => text.idle() && structure.idle(),
  }
}
