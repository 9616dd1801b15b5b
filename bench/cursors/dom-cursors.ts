/**
 * The peer: DOM cursors as Liveblocks' examples draw them — one absolutely positioned element
 * per cursor (a 2 px bar and a name label), moved with a CSS transform. Positions are read for
 * every cursor first and written after, so the peer never forces a layout per cursor.
 */
import type { CaretRect, Other } from '@markdownsync/sdk'

export interface DomCursors {
  update(others: readonly Other[]): void
  destroy(): void
}

export const createDomCursors = (container: HTMLElement, caretRect: CaretRect): DomCursors => {
  const elements = new Map<string, HTMLElement>()
  const layer = document.createElement('div')
  layer.style.cssText = 'position:absolute;left:0;top:0;pointer-events:none;z-index:1'
  container.append(layer)

  const elementFor = (other: Other): HTMLElement => {
    let element = elements.get(other.session)
    if (element === undefined) {
      element = document.createElement('div')
      element.style.cssText = 'position:absolute;left:0;top:0'
      element.dataset.cursor = other.session
      const bar = document.createElement('div')
      bar.style.cssText = `position:absolute;left:-1px;top:0;width:2px;background:${other.user.color}`
      const label = document.createElement('div')
      label.textContent = other.user.name
      label.style.cssText = `position:absolute;left:-1px;top:-16px;height:16px;padding:0 4px;font:600 11px/16px system-ui,sans-serif;white-space:nowrap;color:#fff;background:${other.user.color}`
      element.append(bar, label)
      layer.append(element)
      elements.set(other.session, element)
    }
    return element
  }

  return {
    update(others) {
      const box = container.getBoundingClientRect()
      const left = box.left + container.clientLeft - container.scrollLeft
      const top = box.top + container.clientTop - container.scrollTop
      const rects = others.map((other) =>
        other.cursor === null || other.cursor.index === null
          ? null
          : caretRect({ block: other.cursor.block, index: other.cursor.index }),
      )
      others.forEach((other, i) => {
        const rect = rects[i]
        const element = elementFor(other)
        if (rect === null || rect === undefined) {
          element.style.display = 'none'
          return
        }
        element.style.display = ''
        element.style.transform = `translateX(${rect.left - left}px) translateY(${rect.top - top}px)`
        const bar = (element.firstChild as HTMLElement).style
        if (bar.height !== `${rect.height}px`) bar.height = `${rect.height}px`
      })
    },
    destroy() {
      layer.remove()
      elements.clear()
    },
  }
}
