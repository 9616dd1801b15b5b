import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // the examples import the package by name; tests run them against the source
    alias: { '@markdownsync/sdk': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // the integration tests start real servers: PGlite's first open compiles WASM (seconds)
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
