import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { describePackageContract } from '../../../test-support/package-contract.js'
import { SDK_VERSION } from '../src/index.js'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

describePackageContract(new URL('..', import.meta.url), (version) => ({
  SDK_VERSION: version,
  createClient: 'function',
  createMemoryOutboxStore: 'function',
  createIndexedDbOutboxStore: 'function',
  workerEngine: 'function',
  createWorkerEngine: 'function',
  createEngineWorker: 'function',
}))

/** What `import(specifier)` gives in plain Node, run from the package's folder (its dist). */
const loadInNode = (specifier: string): Record<string, string> => {
  const script = `const m = await import('${specifier}'); process.stdout.write(JSON.stringify({ exports: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v])), document: typeof globalThis.document, onmessage: typeof globalThis.onmessage }))`
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('..', import.meta.url),
    encoding: 'utf8',
  })
  expect(run.stderr).toBe('')
  return JSON.parse(run.stdout)
}

it('SDK_VERSION is the version in package.json', () => {
  expect(SDK_VERSION).toBe(manifest.version)
})

it('every subpath export names its type declarations first, then the import', () => {
  for (const [subpath, conditions] of Object.entries(manifest.exports)) {
    if (subpath === './package.json') continue
    expect(Object.keys(conditions as object), subpath).toEqual(['types', 'import'])
  }
  expect(Object.keys(manifest.exports)).toEqual(['.', './inline', './worker', './package.json'])
})

it('the inline engine is the subpath @markdownsync/sdk/inline, no longer in the main entry', () => {
  expect(loadInNode('@markdownsync/sdk/inline').exports).toEqual({
    createInlineEngine: 'function',
    InlineEngine: 'function',
  })
  expect(loadInNode('@markdownsync/sdk').exports).not.toHaveProperty('createInlineEngine')
})

it('the worker script @markdownsync/sdk/worker loads outside a worker without touching the globals', () => {
  expect(loadInNode('@markdownsync/sdk/worker')).toEqual({
    exports: {},
    document: 'undefined',
    onmessage: 'undefined',
  })
})
