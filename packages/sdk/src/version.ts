/** The version of this package, for bug reports (and the `client` field of `hello`). */
export const SDK_VERSION = '0.0.0'

/** How the SDK introduces itself in `hello.client`, for the server's logs. */
export const SDK_CLIENT_NAME = `@markdownsync/sdk@${SDK_VERSION}`
