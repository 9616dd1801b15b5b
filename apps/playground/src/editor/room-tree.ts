/**
 * The block tree as the room's stores show it, for structural commands. The blocks a command
 * reads are on screen (or next to it), so their stores are live and `get()` is current.
 */
import type { Room } from '@markdownsync/sdk'
import { plainText } from './runs.js'
import type { TreeReader } from './tree.js'

export const roomTree = (
  room: Room,
  /** The length of a block's text as shown, when it is ahead of the store (typing). */
  shownLength: (id: string) => number | undefined = () => undefined,
): TreeReader => ({
  block(id) {
    const view = room.block(id).get()
    if (view === undefined) return undefined
    return {
      type: view.type,
      props: view.props,
      parent: view.parent,
      textLength: shownLength(id) ?? plainText(view.text).length,
    }
  },
  children: (id) => room.children(id).get(),
})
