/**
 * The contract every publishable package keeps, as a shared test: ESM, an exports map that
 * names the type declarations first, and a build that loads through that map in plain Node.
 * Packages call it from their own test suite with the exports they expect (at least these;
 * functions are named as 'function').
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

interface Manifest {
  name: string
  version: string
  type: string
  exports: Record<string, unknown>
}

export interface PackageContractOptions {
  /** The conditions of `exports['.']`, in order (`types` first). Default `['types', 'import']`. */
  readonly conditions?: readonly string[]
  /** Extra Node flags for loading the build, e.g. `--import` of hooks for `.svelte` files. */
  readonly nodeArgs?: readonly string[]
}

/** `packageUrl`: the package's root folder as a file URL (`new URL('..', import.meta.url)`). */
export const describePackageContract = (
  packageUrl: URL,
  expectedExports: (version: string) => Record<string, unknown>,
  options: PackageContractOptions = {},
): void => {
  const manifest = JSON.parse(readFileSync(new URL('package.json', packageUrl), 'utf8')) as Manifest
  const expected = expectedExports(manifest.version)

  describe(`${manifest.name} as a package`, () => {
    it('is ESM whose exports map names the type declarations first', () => {
      expect(manifest.type).toBe('module')
      const conditions = options.conditions ?? ['types', 'import']
      expect(conditions[0]).toBe('types')
      expect(Object.keys(manifest.exports['.'] as object)).toEqual(conditions)
    })

    it('the build loads through its own exports map in plain Node, with declarations beside it', () => {
      const declarations = new URL('dist/index.d.ts', packageUrl)
      expect(existsSync(declarations), 'dist/ is missing: run `pnpm build` first').toBe(true)
      for (const name of Object.keys(expected)) {
        expect(readFileSync(declarations, 'utf8')).toMatch(
          new RegExp(`export (declare const ${name}\\b|\\{[^}]*\\b${name}\\b)`),
        )
      }
      // functions print as 'function', so a test can name the entry points it expects
      const script = `const m = await import('${manifest.name}'); process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'function' ? 'function' : v]))))`
      const nodeArgs = [...(options.nodeArgs ?? []), '--input-type=module', '-e', script]
      const run = spawnSync(process.execPath, nodeArgs, {
        cwd: fileURLToPath(packageUrl),
        encoding: 'utf8',
      })
      expect(run.stderr).toBe('')
      expect(JSON.parse(run.stdout)).toMatchObject(expected)
    })
  })
}
