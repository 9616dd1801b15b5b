/** The version of this package, for bug reports. */
export const SVELTE_BINDINGS_VERSION = '0.0.0'
