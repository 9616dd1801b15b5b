// Node module hooks (see register-svelte.mjs): compile .svelte and .svelte.js with Svelte's
// compiler when they are loaded; everything else loads as usual.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { compile, compileModule } from 'svelte/compiler'

export async function load(url, context, nextLoad) {
  const isComponent = url.endsWith('.svelte')
  const isRuneModule = url.endsWith('.svelte.js')
  if (!isComponent && !isRuneModule) return nextLoad(url, context)
  const filename = fileURLToPath(url)
  const source = await readFile(filename, 'utf8')
  const options = { filename, generate: 'server' }
  const { js } = isComponent ? compile(source, options) : compileModule(source, options)
  return { format: 'module', source: js.code, shortCircuit: true }
}
