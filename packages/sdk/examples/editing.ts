// Editing a document: blocks, text deltas, properties, batches, undo and redo, rejections.
// Included in apps/docs/sdk.md; run by the SDK's integration tests.
import type { Room } from '@markdownsync/sdk'

export const editing = async (room: Room): Promise<string> => {
  await room.ready()
  room.on('rejection', (r) => console.warn(`change ${r.opId} refused (${r.code}): ${r.reason}`))

  // one undo step, one message to the server
  let list: string | undefined
  room.batch(() => {
    const title = room.insertBlock({ type: 'heading', props: { level: 2 }, text: 'Groceries' })
    list = room.insertBlock({ type: 'list', after: title })
    room.insertBlock({ parent: list, type: 'list_item', props: { checked: false }, text: 'milk' })
    room.insertBlock({ parent: list, type: 'list_item', props: { checked: false }, text: 'eggs' })
  })
  if (list === undefined) return '' // refused: see room.$errors

  // a Quill-style delta: keep 4 characters, then insert a space and a bold word
  const [milk, eggs] = room.children(list).get()
  room.editText(milk!, [
    { retain: 4 },
    { insert: ' ' },
    { insert: 'oat', attributes: { bold: true } },
  ])
  room.setProperty(eggs!, 'checked', true)
  room.moveBlock(eggs!, { parent: list, after: null }) // first in the list

  room.history.undo() // eggs moves back
  room.history.redo() // and first again
  return room.toMarkdown()
}
