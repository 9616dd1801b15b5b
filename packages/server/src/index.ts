// The public surface of @markdownsync/server. The Fastify plugin, buildServer() and the CLI
// arrive with issue 4; until then only the version is exported, so nothing here claims to
// serve anything.

/** The version of this package, for bug reports. */
export const SERVER_VERSION = '0.0.0'
