import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the browser suite builds the app, starts a server and drives Chromium: give it room
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // each browser suite builds the app and drives Chromium: one at a time on a shared machine
    fileParallelism: false,
  },
})
