/**
 * The engine's side of the text rebase protocol (ot.js's server, per watched block): the
 * block's text revision, the deltas applied to its Y.Text since the oldest revision the room
 * may still name, and which of them were the room's own edits. The room computes an edit
 * against the revision its mirror shows; `rebase` carries it over what the text went through
 * since (`transform` against `history.slice(revision)`), so it lands where the user meant.
 *
 * Invariants: `revision` = `base` + entries held, and grows by one per change of the text
 * (one Y.Text transaction, or one acknowledged edit); a push (`take`) carries every entry
 * since the previous push, in order, unless it starts a new history (`fresh`: after the
 * first sight, a refusal, or entries dropped unpushed); entries older than the last revision
 * the room named are dropped, and at most `MAX_ENTRIES` are kept (an edit naming a revision
 * older than `base` is refused, and the room gets a new history). Revisions are never reused:
 * a new log (after a load) starts past the old one's.
 */
import type { TextChangeEntry, TextDelta, TextRevision } from './engine.js'
import { compose, transform, transformPosition } from './text-delta.js'
import type { YText } from './text-items.js'

/** Changes kept for edits in flight: far more than a worker round trip sees. */
export const MAX_ENTRIES = 500

export class TextLog {
  private base: number
  private entries: TextChangeEntry[] = []
  /** The revision the last push named. */
  private pushed: number
  /** The next push starts a new history (a full view the room takes as it is). */
  private fresh = true
  private readonly unobserve: () => void

  constructor(revision: number, text: YText, changed: () => void) {
    this.base = revision
    this.pushed = revision
    const observer = (event: { delta: unknown }): void => {
      this.record({ delta: event.delta as TextDelta })
      changed()
    }
    text.observe(observer)
    this.unobserve = () => text.unobserve(observer)
  }

  get revision(): number {
    return this.base + this.entries.length
  }

  /** A mark before one of the room's edits, for `acknowledge`. */
  get mark(): number {
    return this.entries.length
  }

  /** What changed since `mark` was the room's edit `seq`: one entry, its acknowledgement. */
  acknowledge(mark: number, seq: number): void {
    const made = this.entries.splice(mark)
    this.record({ delta: made.reduce<TextDelta>((all, e) => compose(all, e.delta), []), seq })
  }

  /** `delta`, computed at `revision`, carried over the changes since; undefined: too old. */
  rebase(delta: TextDelta, revision: number): TextDelta | undefined {
    if (!this.named(revision)) return undefined
    return this.entries.reduce((d, entry) => transform(d, entry.delta, true), delta)
  }

  /** `offset`, a position at `revision`, where it is now; undefined: too old. */
  rebasePosition(offset: number, revision: number): number | undefined {
    if (!this.named(revision)) return undefined
    return this.entries.reduce((at, entry) => transformPosition(at, entry.delta), offset)
  }

  /**
   * The next push is a full view (the room's edit was refused: it waits for nothing now).
   * The history stays: an edit in flight before the room took the view still rebases.
   */
  resync(): void {
    this.fresh = true
  }

  /** What the next push says about the text: the changes since the previous one. */
  take(): TextRevision {
    const revision = this.revision
    const fresh = this.fresh
    const from = this.pushed - this.base
    this.fresh = false
    this.pushed = revision
    return fresh ? { revision } : { revision, changes: this.entries.slice(from) }
  }

  /** Whether anything happened since the last push. */
  get pending(): boolean {
    return this.fresh || this.pushed !== this.revision
  }

  dispose(): void {
    this.unobserve()
  }

  private record(entry: TextChangeEntry): void {
    this.entries.push(entry)
    if (this.entries.length > MAX_ENTRIES) {
      this.entries.shift()
      this.base++
      // an entry the room has not been told of is gone: it gets the whole view instead
      if (this.base > this.pushed) this.fresh = true
    }
  }

  /** The room named `revision`: older entries will not be asked for again. */
  private named(revision: number): boolean {
    if (!Number.isInteger(revision) || revision < this.base || revision > this.pushed) return false
    this.entries.splice(0, revision - this.base)
    this.base = revision
    return true
  }
}
