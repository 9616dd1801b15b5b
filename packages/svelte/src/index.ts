/**
 * @markdownsync/svelte — Svelte 5 bindings over the nanostores of `@markdownsync/sdk`: a room
 * context (`RoomProvider`, `setRoom`, `getRoom`), reactive helpers (`useStatus`, `useOthers`,
 * `useBlock`, …), a virtualized `BlockList` that reports its viewport, and `CursorOverlay`.
 */

export { type BlockListProps, default as BlockList } from './BlockList.svelte'
export { type CursorOverlayProps, default as CursorOverlay } from './CursorOverlay.svelte'
export { getRoom, setRoom } from './context.js'
export { default as RoomProvider, type RoomProviderProps } from './RoomProvider.svelte'
export {
  type MaybeGetter,
  type ReactiveValue,
  type StoreValueOf,
  storeValue,
  useBlock,
  useCanRedo,
  useCanUndo,
  useChildren,
  useClusters,
  useErrors,
  useLoaded,
  useOthers,
  useOutline,
  useSelf,
  useStatus,
  useSynchronized,
} from './reactive.svelte.js'
export { SVELTE_BINDINGS_VERSION } from './version.js'
