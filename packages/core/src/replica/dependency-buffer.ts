/**
 * CREATE-2: an operation applies only once every block it names has been created by an older
 * operation (and its explicit deps have arrived). Until then it waits here, indexed by what it
 * waits for, so an arrival wakes exactly the operations that were waiting for it.
 *
 * Invariant: every buffered envelope is listed under exactly one thing it waits for.
 */
import type { BlockId } from '../ids.js'
import type { Envelope, OpId } from '../ops.js'

export class DependencyBuffer {
  private readonly waiting = new Map<string, Envelope[]>()
  private count = 0

  get size(): number {
    return this.count
  }

  /** Parks `envelope` until `on` (a block id prefixed `b:` or an op id prefixed `o:`) arrives. */
  park(on: string, envelope: Envelope): void {
    const list = this.waiting.get(on)
    if (list === undefined) this.waiting.set(on, [envelope])
    else list.push(envelope)
    this.count++
  }

  /** Takes out everything waiting for `on`. */
  wake(on: string): Envelope[] {
    const list = this.waiting.get(on)
    if (list === undefined) return []
    this.waiting.delete(on)
    this.count -= list.length
    return list
  }

  all(): Envelope[] {
    return [...this.waiting.values()].flat()
  }
}

export const blockKey = (block: BlockId): string => `b:${block}`
export const opKey = (id: OpId): string => `o:${id}`
