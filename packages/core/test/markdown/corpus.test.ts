/**
 * A real-world corpus: the README of every package installed in this workspace (hundreds of
 * documents, deduplicated by content). Every one must round-trip exactly.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { roundTrip } from './round-trip.js'

const STORE = fileURLToPath(new URL('../../../../node_modules/.pnpm', import.meta.url))
const README_NAMES = ['README.md', 'readme.md', 'Readme.md']

const readmes = (): Map<string, string> => {
  const byContent = new Map<string, string>()
  if (!existsSync(STORE)) return byContent
  for (const entry of readdirSync(STORE)) {
    const modules = `${STORE}/${entry}/node_modules`
    if (!existsSync(modules)) continue
    for (const name of readdirSync(modules)) {
      const packages = name.startsWith('@')
        ? readdirSync(`${modules}/${name}`).map((n) => `${name}/${n}`)
        : [name]
      for (const pkg of packages) {
        const file = README_NAMES.map((r) => `${modules}/${pkg}/${r}`).find((f) => existsSync(f))
        if (file === undefined) continue
        const text = readFileSync(file, 'utf8')
        if (!byContent.has(text)) byContent.set(text, pkg)
      }
    }
  }
  return byContent
}

test('installed packages’ READMEs round-trip exactly and export is a fixed point', () => {
  const corpus = readmes()
  const failures: string[] = []
  let sameTree = 0
  let fixedPoint = 0
  for (const [text, pkg] of corpus) {
    const result = roundTrip(text)
    if (result.sameTree) sameTree++
    if (result.fixedPoint) fixedPoint++
    if (!result.sameTree || !result.fixedPoint) failures.push(pkg)
  }
  console.log(
    `README corpus: ${corpus.size} documents, ${sameTree} keep their tree, ${fixedPoint} fixed points`,
  )
  expect(corpus.size).toBeGreaterThan(100)
  expect(failures).toEqual([])
})
