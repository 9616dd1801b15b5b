/**
 * The room of a component subtree, through Svelte's context: `<RoomProvider>` (or `setRoom`)
 * puts it there and every component below reads it with `getRoom()`.
 *
 * The context holds a getter rather than the room, so a provider can switch rooms (a new
 * `roomId`) without setting context again, which Svelte allows only during initialisation.
 */
import type { PresenceData, Room } from '@markdownsync/sdk'
import { getContext, setContext } from 'svelte'

interface RoomSlot {
  readonly room: Room<never> | undefined
}

const ROOM_KEY = Symbol('@markdownsync/svelte room')

const NO_ROOM =
  'getRoom() found no room: call it while a component inside <RoomProvider> initialises (or below a component that called setRoom(room))'

/** @internal Provides whatever room `current()` returns now (RoomProvider's way). */
export const provideRoomSlot = (current: () => Room<never> | undefined): void => {
  setContext<RoomSlot>(ROOM_KEY, {
    get room() {
      return current()
    },
  })
}

/**
 * Makes `room` the room of this component and its descendants. Call it while the component
 * initialises (top level of `<script>`), as with any Svelte context.
 */
export const setRoom = <P extends PresenceData>(room: Room<P>): void => {
  provideRoomSlot(() => room as unknown as Room<never>)
}

/**
 * The room provided by the nearest `<RoomProvider>` or `setRoom` above this component.
 * Call it while the component initialises. Throws when there is none.
 */
export const getRoom = <P extends PresenceData = PresenceData>(): Room<P> => {
  let slot: RoomSlot | undefined
  try {
    slot = getContext<RoomSlot | undefined>(ROOM_KEY)
  } catch {
    // Svelte's own error (outside component initialisation) says less than ours
    throw new Error(NO_ROOM)
  }
  const room = slot?.room
  if (room === undefined) throw new Error(NO_ROOM)
  return room as unknown as Room<P>
}
