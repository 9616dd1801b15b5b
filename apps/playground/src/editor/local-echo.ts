/**
 * A block's text as this user sees it while typing: the store's latest text (`confirmed`) plus
 * the edits sent that the store does not show yet (`pending`). With the worker engine the store
 * catches up a moment after each keystroke; without this, every late update would briefly undo
 * the last keystrokes on screen and the next one would land in the wrong place.
 *
 * Invariants: `model` is `confirmed` with `pending` applied in order; an update from the store
 * that shows the first k pending edits (and nothing else) retires exactly those k; pending edits
 * older than `maxAgeMs` are assumed settled (applied or rolled back) and dropped.
 */
import type { TextDelta } from '@markdownsync/sdk'
import { applyDelta, diffText, plainText, type TextRun } from './runs.js'

interface PendingEdit {
  readonly delta: TextDelta
  readonly at: number
}

/** Runs compared by content, attribute order aside. */
const key = (runs: readonly TextRun[]): string =>
  JSON.stringify(
    runs.map((run) => [
      run.insert,
      run.attributes === undefined
        ? null
        : Object.entries(run.attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ]),
  )

export const sameRuns = (a: readonly TextRun[], b: readonly TextRun[]): boolean => key(a) === key(b)

const applyAll = (runs: readonly TextRun[], edits: readonly PendingEdit[]): TextRun[] =>
  edits.reduce<TextRun[]>((out, edit) => applyDelta(out, edit.delta), [...runs])

/** How much differs between two texts (characters deleted plus inserted). */
const distance = (a: readonly TextRun[], b: readonly TextRun[]): number =>
  diffText(plainText(a), plainText(b)).reduce(
    (n, op) => n + ('delete' in op ? op.delete : 'insert' in op ? op.insert.length : 0),
    0,
  )

export class LocalEcho {
  private confirmed: readonly TextRun[] = []
  private pending: PendingEdit[] = []
  private current: readonly TextRun[] = []

  constructor(private readonly maxAgeMs = 3000) {}

  /** The text to show. */
  get model(): readonly TextRun[] {
    return this.current
  }

  get pendingCount(): number {
    return this.pending.length
  }

  /** A local edit, sent: the model shows it at once. */
  local(delta: TextDelta, now: number): readonly TextRun[] {
    this.pending.push({ delta, at: now })
    this.current = applyDelta(this.current, delta)
    return this.current
  }

  /** The last local edit was refused by the room: forget it. */
  undoLast(): readonly TextRun[] {
    this.pending.pop()
    this.current = applyAll(this.confirmed, this.pending)
    return this.current
  }

  /** Forgets the pending edits: the next update from the store is taken as it is. */
  settle(): void {
    this.pending = []
    this.confirmed = this.current
  }

  /**
   * The store's text arrived. Returns the new model; it equals the old one (same reference)
   * when the update only caught up with pending edits.
   */
  receive(runs: readonly TextRun[], now: number): readonly TextRun[] {
    this.pending = this.pending.filter((edit) => now - edit.at <= this.maxAgeMs)
    // the longest run of pending edits the store now shows
    let shown = -1
    let expected = [...this.confirmed]
    if (sameRuns(expected, runs)) shown = 0
    for (let k = 1; k <= this.pending.length; k++) {
      expected = applyDelta(expected, (this.pending[k - 1] as PendingEdit).delta)
      if (sameRuns(expected, runs)) shown = k
    }
    if (shown < 0) shown = this.closestPrefix(runs)
    this.confirmed = runs
    this.pending = this.pending.slice(shown)
    const next = applyAll(runs, this.pending)
    if (sameRuns(next, this.current)) return this.current
    this.current = next
    return next
  }

  /**
   * Someone else's change came with the update: the pending edits the store most likely shows
   * are those that bring the expected text closest to it (the rest is theirs).
   */
  private closestPrefix(runs: readonly TextRun[]): number {
    let best = 0
    let bestDistance = distance(this.confirmed, runs)
    let expected = [...this.confirmed]
    for (let k = 1; k <= this.pending.length; k++) {
      expected = applyDelta(expected, (this.pending[k - 1] as PendingEdit).delta)
      const d = distance(expected, runs)
      if (d < bestDistance) {
        best = k
        bestDistance = d
      }
    }
    return best
  }
}
