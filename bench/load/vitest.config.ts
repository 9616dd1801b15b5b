import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['load/**/*.test.ts'],
    // the smoke run starts three servers and ~60 sessions each, one after another
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
})
