// Read by svelte-package, svelte-check and the Vite plugin. Svelte 5 reads TypeScript itself;
// the preprocessor strips it from the published .svelte files.
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte'

export default {
  preprocess: vitePreprocess({ script: true }),
  // svelte-package's scratch folder (declarations before they are copied to dist/)
  kit: { outDir: 'node_modules/.cache/svelte-package' },
}
