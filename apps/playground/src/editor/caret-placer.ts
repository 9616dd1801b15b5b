/**
 * Where the caret goes after a command, when the block it names may not be on screen yet: a
 * split's new block renders a moment later, and a moved block loses focus when the DOM moves
 * it. The placer puts the caret there now if it can, and again on the next frames until it
 * holds; text typed meanwhile (Enter, then typing at once) is kept and typed where it lands.
 */
import type { CaretTarget } from './plan.js'
import type { TextSurface } from './text-surface.js'

/** How long a caret waits for the block it names to appear. */
const PENDING_CARET_MS = 3000

export class CaretPlacer {
  private pending: (CaretTarget & { until: number }) | undefined
  private typedAhead = ''

  constructor(private readonly surface: (block: string) => TextSurface | undefined) {}

  /** Puts the caret at `target`, now and on the next frames until it holds. */
  place(target: CaretTarget): void {
    const pending = { ...target, until: Date.now() + PENDING_CARET_MS }
    this.pending = pending
    this.typedAhead = ''
    const now = this.surface(target.block)
    if (now !== undefined) this.land(now, target.offset)
    const check = () => {
      if (this.pending !== pending) return
      const surface = this.surface(target.block)
      const shown = surface?.element.isConnected === true
      if (shown && surface?.focused) {
        this.pending = undefined
        return
      }
      if (shown && surface !== undefined) this.land(surface, target.offset)
      if (Date.now() > pending.until) {
        this.pending = undefined
        this.typedAhead = ''
      } else requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  }

  /** A surface rendered: a caret waiting for its block lands now. */
  rendered(block: string): void {
    const pending = this.pending
    const surface = this.surface(block)
    if (pending !== undefined && pending.block === block && surface !== undefined)
      this.land(surface, pending.offset)
  }

  /**
   * Input in `block` while the caret is on its way to another block: text is kept for the block
   * it lands in, anything else is dropped. True when the input was taken here.
   */
  divert(block: string, inputType: string, data: string | null): boolean {
    const pending = this.pending
    if (pending === undefined || pending.block === block || Date.now() > pending.until) return false
    if (inputType === 'insertText' && data !== null) this.typedAhead += data
    return true
  }

  private land(surface: TextSurface, offset: CaretTarget['offset']): void {
    surface.focusAt(offset)
    const typed = this.typedAhead
    this.typedAhead = ''
    if (typed !== '') surface.insert(typed)
  }
}
