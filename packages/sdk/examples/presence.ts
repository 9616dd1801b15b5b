// Presence, carets and custom events. Included in apps/docs/sdk.md.
import type { Room } from '@markdownsync/sdk'

type Presence = { name: string; status?: 'typing' | 'idle' }

export const showPresence = (room: Room<Presence>, block: string): (() => void) => {
  // everyone else, with their presence and caret (resolved in this client's copy of the text)
  const stopOthers = room.$others.subscribe((others) => {
    for (const other of others) {
      const where =
        other.cursor === null ? 'nowhere' : `${other.cursor.block}:${other.cursor.index}`
      console.log(`${other.presence.name} (${other.user.color}) is at ${where}`)
    }
  })
  // merged into this user's presence; each kind is sent at most 4 times a second
  room.updatePresence({ status: 'typing', cursor: { block, index: 0 } })
  room.updatePresence({ cursor: { block, index: 3, head: 7 } }) // a selection
  const stopEvents = room.on('event', (event) => console.log(`${event.user} says`, event.data))
  room.broadcastEvent({ emoji: '🎉' })
  return () => {
    room.updatePresence({ status: 'idle', cursor: null })
    stopOthers()
    stopEvents()
  }
}
