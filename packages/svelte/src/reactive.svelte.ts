/**
 * Room state as Svelte 5 reactive values: `{ current }` objects that read a nanostore and
 * subscribe to it only while an effect or template reads them (so a lazy store of the SDK
 * starts its work when shown, and stops when no longer shown).
 *
 * Each helper takes a room (or a getter of one, to follow a prop), or reads the context's
 * (`getRoom()`: call it while a component initialises). Store syntax works as well, since
 * nanostores keep Svelte's store contract: `const status = room.$status`, then `$status`.
 */
import type {
  BlockView,
  Other,
  Outline,
  PresenceData,
  Room,
  RoomStatus,
  Self,
} from '@markdownsync/sdk'
import type { ReadableAtom } from 'nanostores'
import { createSubscriber } from 'svelte/reactivity'
import { getRoom } from './context.js'

/** A value that follows a store: read `current` in a template, `$derived` or `$effect`. */
export interface ReactiveValue<T> {
  readonly current: T
}

/** A value, or a function returning it (pass `() => id` so a changing prop is followed). */
export type MaybeGetter<T> = T | (() => T)

/** The type a store holds. */
export type StoreValueOf<S> = S extends ReadableAtom<infer T> ? T : never

/**
 * Any nanostore (or SDK store) as a reactive value. Reading `current` inside an effect or a
 * template subscribes for as long as that reader lives; elsewhere it is `store.get()`.
 */
export const storeValue = <T>(store: ReadableAtom<T>): ReactiveValue<T> => {
  const track = createSubscriber((update) => store.listen(() => update()))
  return {
    get current() {
      track()
      return store.get()
    },
  }
}

/** A value given as itself or as a getter. */
const read = <T>(value: MaybeGetter<T>): T =>
  typeof value === 'function' ? (value as () => T)() : value

/**
 * The store `select` picks, as a reactive value; when `changes` (a getter was given for the
 * room or the id), it follows whichever store `select` picks now.
 */
const following = <T>(select: () => ReadableAtom<T>, changes: boolean): ReactiveValue<T> => {
  if (!changes) return storeValue(select())
  const value = $derived(storeValue(select()))
  return {
    get current() {
      return value.current
    },
  }
}

/** A room-wide store of `room` (a room, or a getter of one). */
const roomStore = <P extends PresenceData, T>(
  room: MaybeGetter<Room<P>>,
  pick: (room: Room<P>) => ReadableAtom<T>,
): ReactiveValue<T> => following(() => pick(read(room)), typeof room === 'function')

/** `connecting`, `connected`, `reconnecting` or `disconnected` (`room.$status`). */
export const useStatus = (room: MaybeGetter<Room> = getRoom()): ReactiveValue<RoomStatus> =>
  roomStore(room, (r) => r.$status)

/** Loaded, and every local change acknowledged (`room.$synchronized`). */
export const useSynchronized = (room: MaybeGetter<Room> = getRoom()): ReactiveValue<boolean> =>
  roomStore(room, (r) => r.$synchronized)

/** The document has loaded once; edits are accepted (`room.$loaded`). */
export const useLoaded = (room: MaybeGetter<Room> = getRoom()): ReactiveValue<boolean> =>
  roomStore(room, (r) => r.$loaded)

/** Partitions and headings of the whole document (`room.$outline`). */
export const useOutline = (
  room: MaybeGetter<Room> = getRoom(),
): ReactiveValue<Outline | undefined> => roomStore(room, (r) => r.$outline)

/** Who the server says this client is (`room.$self`); undefined until welcomed. */
export const useSelf = <P extends PresenceData = PresenceData>(
  room: MaybeGetter<Room<P>> = getRoom<P>(),
): ReactiveValue<Self<P> | undefined> => roomStore(room, (r) => r.$self)

/** Everyone else in the room, with presence and caret (`room.$others`). */
export const useOthers = <P extends PresenceData = PresenceData>(
  room: MaybeGetter<Room<P>> = getRoom<P>(),
): ReactiveValue<readonly Other<P>[]> => roomStore(room, (r) => r.$others)

/** Blocks with more than ten carets (`room.$clusters`). */
export const useClusters = (
  room: MaybeGetter<Room> = getRoom(),
): ReactiveValue<StoreValueOf<Room['$clusters']>> => roomStore(room, (r) => r.$clusters)

/** The most recent errors, oldest first (`room.$errors`). */
export const useErrors = (
  room: MaybeGetter<Room> = getRoom(),
): ReactiveValue<StoreValueOf<Room['$errors']>> => roomStore(room, (r) => r.$errors)

/** Whether `room.history.undo()` has something to undo. */
export const useCanUndo = (room: MaybeGetter<Room> = getRoom()): ReactiveValue<boolean> =>
  roomStore(room, (r) => r.history.$canUndo)

/** Whether `room.history.redo()` has something to redo. */
export const useCanRedo = (room: MaybeGetter<Room> = getRoom()): ReactiveValue<boolean> =>
  roomStore(room, (r) => r.history.$canRedo)

/**
 * A block's view (`room.block(id)`): `{ id, type, props, text, parent }`, or undefined while
 * it does not exist here. Pass `() => id` to follow an id that changes.
 */
export const useBlock = (
  id: MaybeGetter<string>,
  room: MaybeGetter<Room> = getRoom(),
): ReactiveValue<BlockView | undefined> =>
  following(
    () => read(room).block(read(id)),
    typeof id === 'function' || typeof room === 'function',
  )

/** The ids of a block's children in document order (`room.children(id)`); `root` by default. */
export const useChildren = (
  id: MaybeGetter<string> = 'root',
  room: MaybeGetter<Room> = getRoom(),
): ReactiveValue<readonly string[]> =>
  following(
    () => read(room).children(read(id)),
    typeof id === 'function' || typeof room === 'function',
  )
