import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // real servers: PGlite's first open compiles WASM and runs initdb (3–5 s on two cores)
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
