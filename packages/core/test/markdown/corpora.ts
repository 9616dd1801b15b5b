/** The Markdown corpora the round-trip and chunking tests run over. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Nodes } from 'mdast'

const STORE = fileURLToPath(new URL('../../../../node_modules/.pnpm', import.meta.url))
const README_NAMES = ['README.md', 'readme.md', 'Readme.md']

/** The README of every package installed in this workspace, deduplicated by content → package. */
export const readmes = (): Map<string, string> => {
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

/** CommonMark 0.31.2's 652 spec examples (the `commonmark-spec` package). */
export const specExamples = (): Array<{ markdown: string; number: number }> => {
  const require = createRequire(import.meta.url)
  const spec = require('commonmark-spec') as {
    tests: Array<{ markdown: string; number: number }>
  }
  // the spec shows tabs as →
  return spec.tests.map((t) => ({ ...t, markdown: t.markdown.replace(/→/g, '\t') }))
}

/** An mdast tree without positions (a chunk's positions are relative to the chunk). */
export const withoutPositions = (node: Nodes): unknown => {
  const { position: _, ...rest } = node as Nodes & { position?: unknown }
  if ('children' in node) return { ...rest, children: node.children.map(withoutPositions) }
  return rest
}
