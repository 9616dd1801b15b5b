import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { describePackageContract } from '../../../test-support/package-contract.js'
import { SVELTE_BINDINGS_VERSION } from '../src/version.js'

// Components ship as .svelte files (the `svelte` condition, for bundlers); plain Node needs
// Svelte's compiler to load them, which the hooks provide.
describePackageContract(
  new URL('..', import.meta.url),
  (version) => ({
    SVELTE_BINDINGS_VERSION: version,
    RoomProvider: 'function',
    BlockList: 'function',
    CursorOverlay: 'function',
    setRoom: 'function',
    getRoom: 'function',
    storeValue: 'function',
    useStatus: 'function',
    useSynchronized: 'function',
    useLoaded: 'function',
    useOutline: 'function',
    useSelf: 'function',
    useOthers: 'function',
    useClusters: 'function',
    useErrors: 'function',
    useCanUndo: 'function',
    useCanRedo: 'function',
    useBlock: 'function',
    useChildren: 'function',
  }),
  {
    conditions: ['types', 'svelte', 'import'],
    nodeArgs: ['--import', new URL('./support/register-svelte.mjs', import.meta.url).href],
  },
)

it('SVELTE_BINDINGS_VERSION is the version in package.json', () => {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  expect(SVELTE_BINDINGS_VERSION).toBe(manifest.version)
})

it('the build ships the components as .svelte files with their declarations', () => {
  for (const component of ['RoomProvider', 'BlockList', 'CursorOverlay']) {
    const source = readFileSync(new URL(`../dist/${component}.svelte`, import.meta.url), 'utf8')
    expect(source).toContain('$props()')
    const declarations = readFileSync(
      new URL(`../dist/${component}.svelte.d.ts`, import.meta.url),
      'utf8',
    )
    expect(declarations).toContain(`${component}Props`)
  }
})
