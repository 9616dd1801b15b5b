// The public surface of @markdownsync/svelte. The Svelte 5 bindings (RoomProvider, BlockList,
// CursorOverlay and reactive helpers over the SDK's nanostores) arrive with issue 5; until then
// only the version is exported, so nothing here claims to render anything.

/** The version of this package, for bug reports. */
export const SVELTE_BINDINGS_VERSION = '0.0.0'
