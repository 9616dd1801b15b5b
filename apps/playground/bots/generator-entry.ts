/**
 * The bench's load-generator process (bench/load/generator/main.ts), forked by the playground's
 * bots service, with one addition: it exits when its parent goes away (the IPC channel closes),
 * so a dev server stopped in any way — Ctrl-C included — leaves no bots behind.
 */
process.on('disconnect', () => process.exit(0))

// a computed specifier: the playground's typecheck stays out of the bench's sources
const generator = new URL('../../../bench/load/generator/main.ts', import.meta.url).href
await import(generator)
