/**
 * The first difference between two canonical documents, said in a line (which block, which
 * field), so a convergence failure names the block instead of printing two 300-block trees.
 */
import type { CanonicalBlock, CanonicalDoc } from '@markdownsync/core'

interface Flat {
  readonly where: string
  readonly block: Omit<CanonicalBlock, 'children'> & { children: string[] }
}

const flatten = (doc: CanonicalDoc): Map<string, Flat> => {
  const out = new Map<string, Flat>()
  const visit = (blocks: readonly CanonicalBlock[], where: string): void => {
    blocks.forEach((b, i) => {
      const { children, ...rest } = b
      out.set(b.id, {
        where: `${where}[${i}]`,
        block: { ...rest, children: children.map((c) => c.id) },
      })
      visit(children, `${where}[${i}]/${b.id}`)
    })
  }
  visit(doc.root, 'root')
  visit(doc.trash, 'trash')
  return out
}

export const canonicalDifference = (
  actual: CanonicalDoc,
  expected: CanonicalDoc,
): string | undefined => {
  const a = flatten(actual)
  const e = flatten(expected)
  for (const [id, want] of e) {
    const got = a.get(id)
    if (got === undefined) return `block ${id} (${want.where}) is missing`
    if (got.where !== want.where) return `block ${id} is at ${got.where}, expected ${want.where}`
    for (const field of ['type', 'props', 'text', 'children'] as const) {
      const x = JSON.stringify(got.block[field])
      const y = JSON.stringify(want.block[field])
      if (x !== y) return `block ${id} (${want.where}) ${field}: ${x} ≠ ${y}`
    }
  }
  for (const [id, got] of a) if (!e.has(id)) return `unexpected block ${id} at ${got.where}`
  return undefined
}

/**
 * The document with the content of trashed blocks left out, their structure kept: no viewport
 * shows the trash, so its content reaches a session only when a block comes back (DELIVERY-2,
 * relocation catch-up).
 */
export const withoutTrashContent = (doc: CanonicalDoc): CanonicalDoc => ({
  root: doc.root,
  trash: structureOf(doc).trash,
})

/** Ids, types and order only: what every session keeps of the whole document (DELIVERY-1). */
export const structureOf = (doc: CanonicalDoc): CanonicalDoc => {
  const strip = (b: CanonicalBlock): CanonicalBlock => ({
    ...b,
    props: {},
    text: [],
    children: b.children.map(strip),
  })
  return { root: doc.root.map(strip), trash: doc.trash.map(strip) }
}

/** A block's subtree in a canonical document, or undefined. */
export const subtreeOf = (doc: CanonicalDoc, id: string): CanonicalBlock | undefined => {
  const find = (blocks: readonly CanonicalBlock[]): CanonicalBlock | undefined => {
    for (const b of blocks) {
      if (b.id === id) return b
      const inside = find(b.children)
      if (inside !== undefined) return inside
    }
    return undefined
  }
  return find(doc.root) ?? find(doc.trash)
}
