/**
 * Test-side helpers around the canonical form of a document (src/replica/canonical.ts, the
 * shape shared with `DocumentReplica#toCanonical`): the text and property normalisation the
 * reference uses, walking, and a readable first-difference diff for failure messages.
 */
import type * as Y from 'yjs'
import type { PropValue } from '../../src/ops.js'
import type { CanonicalBlock, CanonicalDoc } from '../../src/replica/canonical.js'
import type { TextRun } from '../../src/replica/texts.js'

export type { CanonicalBlock, CanonicalDoc } from '../../src/replica/canonical.js'

/** Deep equality of JSON-like attribute values, whatever the key order. */
const sameValue = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return (
    ka.length === kb.length &&
    ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  )
}

/**
 * A Y.Text delta in canonical form: string runs only, no empty runs or attribute objects, and
 * adjacent runs with equal attributes joined — Yjs cuts a run at every format marker, even a
 * redundant one, so the same visible text and formatting can come in different pieces.
 */
export const canonicalText = (doc: Y.Doc | undefined): TextRun[] => {
  if (doc === undefined) return []
  const delta = doc.getText('text').toDelta() as Array<{
    insert: unknown
    attributes?: Record<string, unknown>
  }>
  const runs: TextRun[] = []
  for (const d of delta) {
    if (typeof d.insert !== 'string' || d.insert.length === 0) continue
    const attributes =
      d.attributes !== undefined && Object.keys(d.attributes).length > 0 ? d.attributes : undefined
    const last = runs[runs.length - 1]
    if (last !== undefined && sameValue(last.attributes ?? {}, attributes ?? {})) {
      last.insert += d.insert
      continue
    }
    runs.push(
      attributes === undefined
        ? { insert: d.insert }
        : { insert: d.insert, attributes: structuredClone(attributes) },
    )
  }
  return runs
}

/** Property registers in canonical order: keys sorted, the reserved `type` key left out. */
export const canonicalProps = (
  entries: Iterable<readonly [string, PropValue]>,
): Array<[string, PropValue]> =>
  [...entries]
    .filter(([k]) => k !== 'type')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, structuredClone(v) as PropValue])

/** Depth-first, pre-order walk of a canonical subtree list. */
export function* walkCanonical(blocks: readonly CanonicalBlock[]): Generator<CanonicalBlock> {
  for (const b of blocks) {
    yield b
    yield* walkCanonical(b.children)
  }
}

export const plainText = (block: CanonicalBlock): string => block.text.map((r) => r.insert).join('')

/**
 * The first difference between two canonical documents, as a readable path, or undefined when
 * they are equal. Failure messages use this instead of dumping two whole trees.
 */
export const diffCanonical = (a: CanonicalDoc, b: CanonicalDoc): string | undefined => {
  const diffValue = (path: string, x: unknown, y: unknown): string | undefined => {
    if (Object.is(x, y)) return undefined
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) {
      return `${path}: ${JSON.stringify(x)} ≠ ${JSON.stringify(y)}`
    }
    if (Array.isArray(x) !== Array.isArray(y)) return `${path}: array vs object`
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) {
        const ids = (v: unknown[]) =>
          v.map((e) =>
            typeof e === 'object' && e !== null && 'id' in e ? e.id : JSON.stringify(e),
          )
        return `${path}: length ${x.length} ≠ ${y.length} (${JSON.stringify(ids(x))} vs ${JSON.stringify(ids(y))})`
      }
      for (let i = 0; i < x.length; i++) {
        const e = x[i] as unknown
        const label =
          typeof e === 'object' && e !== null && 'id' in e ? `${i}:${String(e.id)}` : String(i)
        const d = diffValue(`${path}[${label}]`, e, y[i])
        if (d !== undefined) return d
      }
      return undefined
    }
    const xo = x as Record<string, unknown>
    const yo = y as Record<string, unknown>
    const keys = new Set([...Object.keys(xo), ...Object.keys(yo)])
    for (const k of [...keys].sort()) {
      if (xo[k] === undefined && yo[k] === undefined) continue
      const d = diffValue(`${path}.${k}`, xo[k], yo[k])
      if (d !== undefined) return d
    }
    return undefined
  }
  return diffValue('doc', a, b)
}
