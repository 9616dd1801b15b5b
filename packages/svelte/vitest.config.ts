import { fileURLToPath } from 'node:url'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { svelteTesting } from '@testing-library/svelte/vite'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../test-support/chromium.js'

// Two projects: `node` (the package contract, the layout arithmetic) and `browser` (every
// component and reactive helper against the real server, in Debian's Chromium through Vitest's
// Playwright provider: virtualization and the cursor canvas need real layout, and rooms need
// a real WebSocket).

export default defineConfig({
  plugins: [svelte()],
  resolve: {
    // the docs' examples import the package by name, as apps do; tests run them on the source
    alias: { '@markdownsync/svelte': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    // the real server's first PGlite open compiles WASM (seconds)
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        // testing-library's cleanup after each test; a browser resolves Svelte's client build
        // by itself (the plugin's condition rewrite would lose Vite's browser conditions)
        plugins: [svelteTesting({ resolveBrowser: false })],
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          globalSetup: ['test/support/server.global.ts'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
})
