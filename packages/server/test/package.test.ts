import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { describePackageContract } from '../../../test-support/package-contract.js'
import { SERVER_VERSION } from '../src/index.js'

describePackageContract(new URL('..', import.meta.url), (version) => ({
  SERVER_VERSION: version,
  createServer: 'function',
  markdownsyncPlugin: 'function',
  createTokenAuthority: 'function',
  openStorage: 'function',
}))

it('SERVER_VERSION is the version in package.json', () => {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  expect(SERVER_VERSION).toBe(manifest.version)
})
