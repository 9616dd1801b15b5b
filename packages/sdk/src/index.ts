// The public surface of @markdownsync/sdk. The client (createClient, rooms, blocks, presence,
// viewport subscriptions, cursors) arrives with issue 5; until then only the version is
// exported, so nothing here claims to sync anything.

/** The version of this package, for bug reports. */
export const SDK_VERSION = '0.0.0'
