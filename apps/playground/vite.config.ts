import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig, type ProxyOptions } from 'vite'
import { botsService } from './bots/plugin.js'

/**
 * The playground and the sync server under one URL: `/v1` (HTTP and the WebSocket) goes to
 * the server, so the app builds its sync URL from `location` and needs no configuration.
 * MARKDOWNSYNC_SERVER names the server (default: the CLI's default address).
 */
const server = process.env.MARKDOWNSYNC_SERVER ?? 'http://127.0.0.1:4455'

const proxy: Record<string, ProxyOptions> = {
  '/v1': { target: server, ws: true, changeOrigin: true },
}

/**
 * The SDK's engine worker parses Markdown (micromark), whose `decode-named-character-reference`
 * has a `browser` build that needs `document`, which workers do not have. Its plain build works
 * on both threads, so every import of it gets that one. (To remove once the SDK ships a worker
 * that does not depend on the bundler's conditions.)
 */
const domFreeCharacterReferences = {
  name: 'dom-free-character-references',
  enforce: 'pre' as const,
  async resolveId(
    this: { resolve: (s: string, i?: string, o?: object) => Promise<{ id: string } | null> },
    source: string,
    importer: string | undefined,
    options: object,
  ) {
    if (source !== 'decode-named-character-reference') return null
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
    return resolved === null
      ? null
      : { ...resolved, id: resolved.id.replace(/index\.dom\.js$/, 'index.js') }
  },
}

export default defineConfig({
  // the "simulate editors" panel's service (bots/): dev and preview servers only
  plugins: [svelte(), domFreeCharacterReferences, botsService(server)],
  worker: { format: 'es', plugins: () => [domFreeCharacterReferences] },
  optimizeDeps: { rolldownOptions: { plugins: [domFreeCharacterReferences] } },
  server: { proxy, port: 5173 },
  preview: { proxy, port: 4173 },
  build: { target: 'es2022', sourcemap: true },
})
