import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { describePackageContract } from '../../../test-support/package-contract.js'
import { SVELTE_BINDINGS_VERSION } from '../src/index.js'

describePackageContract(new URL('..', import.meta.url), (version) => ({
  SVELTE_BINDINGS_VERSION: version,
}))

it('SVELTE_BINDINGS_VERSION is the version in package.json', () => {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  expect(SVELTE_BINDINGS_VERSION).toBe(manifest.version)
})
