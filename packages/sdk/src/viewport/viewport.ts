/**
 * The blocks this client shows, reported to the server (`viewport`) so it subscribes the
 * session to the partitions holding them and sends their content: at most twice a second,
 * the latest set winning. `observeViewport` derives the set from the DOM: an
 * IntersectionObserver on every element with a `data-block-id` inside a container (and a
 * MutationObserver for elements added later). A viewport containing `root` sees everything.
 */
import { type BlockId, PROTOCOL_LIMITS } from '@markdownsync/core'
import { type Throttled, throttle } from '../throttle.js'

export interface ObserveViewportOptions {
  /** The IntersectionObserver root; the container by default (pass null for the window). */
  readonly root?: Element | Document | null
  /** Margin around the root, to subscribe a little ahead of scrolling. Default `200px 0px`. */
  readonly rootMargin?: string
  /** The attribute naming each element's block. Default `data-block-id`. */
  readonly attribute?: string
  /** For tests and unusual environments; the globals by default. */
  readonly IntersectionObserver?: typeof IntersectionObserver
  readonly MutationObserver?: typeof MutationObserver
}

export class RoomViewport {
  private blocks: readonly BlockId[]
  private readonly report: Throttled<[]>

  constructor(
    initial: readonly BlockId[],
    private readonly send: (blocks: readonly BlockId[]) => void,
    intervalMs = 500,
  ) {
    this.blocks = normalize(initial)
    this.report = throttle(() => this.send(this.blocks), intervalMs)
  }

  current(): readonly BlockId[] {
    return this.blocks
  }

  set(blocks: readonly BlockId[]): void {
    const next = normalize(blocks)
    if (next.length === this.blocks.length && next.every((b, i) => b === this.blocks[i])) return
    this.blocks = next
    this.report()
  }

  dispose(): void {
    this.report.cancel()
  }
}

/** Structural, so it works with any DOM implementation (and without a global `Element`). */
const isElement = (node: Node): node is Element =>
  typeof (node as Element).matches === 'function' &&
  typeof (node as Element).querySelectorAll === 'function'

const normalize = (blocks: readonly BlockId[]): readonly BlockId[] =>
  [...new Set(blocks)].slice(0, PROTOCOL_LIMITS.maxViewportBlocks)

/**
 * Watches the elements with a block id under `container` and calls `onChange` with the ids
 * of those on screen; returns the function that stops watching.
 */
export const observeBlocks = (
  container: Element,
  onChange: (blocks: BlockId[]) => void,
  options: ObserveViewportOptions = {},
): (() => void) => {
  const IO = options.IntersectionObserver ?? globalThis.IntersectionObserver
  const MO = options.MutationObserver ?? globalThis.MutationObserver
  if (IO === undefined) throw new Error('observeViewport needs IntersectionObserver (a browser)')
  const attribute = options.attribute ?? 'data-block-id'
  const selector = `[${attribute}]`
  const visible = new Set<BlockId>()
  const publish = (): void => onChange([...visible])
  const idOf = (element: Element): string | null => element.getAttribute(attribute)

  const intersections = new IO(
    (entries) => {
      let changed = false
      for (const entry of entries) {
        const id = idOf(entry.target)
        if (id === null) continue
        if (entry.isIntersecting) changed = !visible.has(id) || changed
        else changed = visible.has(id) || changed
        if (entry.isIntersecting) visible.add(id)
        else visible.delete(id)
      }
      if (changed) publish()
    },
    {
      root: options.root === undefined ? container : options.root,
      rootMargin: options.rootMargin ?? '200px 0px',
    },
  )
  const watch = (node: Node): void => {
    if (!isElement(node)) return
    if (node.matches(selector)) intersections.observe(node)
    for (const element of node.querySelectorAll(selector)) intersections.observe(element)
  }
  const unwatch = (node: Node): boolean => {
    if (!isElement(node)) return false
    let changed = false
    const elements = node.matches(selector) ? [node] : []
    elements.push(...node.querySelectorAll(selector))
    for (const element of elements) {
      intersections.unobserve(element)
      const id = idOf(element)
      if (id !== null && visible.delete(id)) changed = true
    }
    return changed
  }
  watch(container)
  const mutations =
    MO === undefined
      ? undefined
      : new MO((records) => {
          let changed = false
          for (const record of records) {
            for (const node of record.removedNodes) changed = unwatch(node) || changed
            for (const node of record.addedNodes) watch(node)
          }
          if (changed) publish()
        })
  mutations?.observe(container, { childList: true, subtree: true })
  return () => {
    mutations?.disconnect()
    intersections.disconnect()
  }
}
