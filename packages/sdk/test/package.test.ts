import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { describePackageContract } from '../../../test-support/package-contract.js'
import { SDK_VERSION } from '../src/index.js'

describePackageContract(new URL('..', import.meta.url), (version) => ({
  SDK_VERSION: version,
  createClient: 'function',
  createMemoryOutboxStore: 'function',
  createIndexedDbOutboxStore: 'function',
  createInlineEngine: 'function',
}))

it('SDK_VERSION is the version in package.json', () => {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  expect(SDK_VERSION).toBe(manifest.version)
})
