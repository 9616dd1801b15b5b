import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { SDK_VERSION } from '../src/index.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string
  version: string
  type: string
  exports: Record<string, unknown>
}

describe('@markdownsync/sdk as a package', () => {
  it('SDK_VERSION is the version in package.json', () => {
    expect(SDK_VERSION).toBe(manifest.version)
  })

  it('is ESM whose exports map names the type declarations first', () => {
    expect(manifest.type).toBe('module')
    expect(Object.keys(manifest.exports['.'] as object)).toEqual(['types', 'import'])
  })

  it('the build loads through its own exports map in plain Node, with declarations beside it', () => {
    const declarations = new URL('../dist/index.d.ts', import.meta.url)
    expect(existsSync(declarations), 'dist/ is missing: run `pnpm build` first').toBe(true)
    expect(readFileSync(declarations, 'utf8')).toContain('export declare const SDK_VERSION')

    const script = `const m = await import('${manifest.name}'); process.stdout.write(JSON.stringify({ ...m }))`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
      encoding: 'utf8',
    })
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual({ SDK_VERSION: manifest.version })
  })
})
