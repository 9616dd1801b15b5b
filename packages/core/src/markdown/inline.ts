/**
 * Inline Markdown (mdast phrasing content) ⇄ formatted text runs (the Y.Text delta of a block).
 *
 * Marks become attributes: strong → `bold: true`, emphasis → `italic: true`, delete →
 * `strike: true`, inlineCode → `code: true`, link → `link: { href, title? }`, a reference
 * link → `linkRef: { identifier, label?, referenceType }`, inline html → `html: true`, a hard
 * break → a `"\n"` with `break: true` (a soft break is a plain `"\n"`).
 *
 * Inline objects without text of their own (images, image references, footnote references,
 * links with no text) are one U+FFFC OBJECT REPLACEMENT CHARACTER each, carrying the object in an attribute
 * (`image: { url, alt, title? }`, `imageRef: {…}`, `footnoteRef: { identifier, label? }`).
 * One character per object keeps offsets stable for cursors and lets two equal adjacent
 * images survive Yjs merging their runs (each character is exported as one image).
 *
 * Nesting is not kept: `**[a](u)**` and `[**a**](u)` are the same runs. Export nests greedily
 * (the mark that lasts longest from the current run opens first), so export is a fixed point
 * after one round.
 */
import type { PhrasingContent } from 'mdast'
import type { TextRun } from '../replica/texts.js'

export const INLINE_OBJECT = '\uFFFC'

type Attributes = Record<string, unknown>

const sameValue = (a: unknown, b: unknown): boolean =>
  a === b ||
  (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b))

const sameAttributes = (a: Attributes | undefined, b: Attributes | undefined): boolean => {
  const ka = a === undefined ? [] : Object.keys(a)
  const kb = b === undefined ? [] : Object.keys(b)
  if (ka.length !== kb.length) return false
  return ka.every((key) => b !== undefined && key in b && sameValue(a?.[key], b[key]))
}

/** Appends a run, merging it into the previous one when their formatting is equal (as Yjs does). */
const pushRun = (runs: TextRun[], insert: string, attributes: Attributes): void => {
  if (insert.length === 0) return
  // keys sorted, so equal formatting is equal JSON however the marks were nested
  const keys = Object.keys(attributes).sort()
  const attrs =
    keys.length === 0 ? undefined : Object.fromEntries(keys.map((key) => [key, attributes[key]]))
  const last = runs[runs.length - 1]
  if (last !== undefined && sameAttributes(last.attributes, attrs)) {
    last.insert += insert
    return
  }
  runs.push(attrs === undefined ? { insert } : { insert, attributes: attrs })
}

/** Copies `value` without its undefined and null fields (attribute values must be JSON). */
const defined = (value: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as Record<string, unknown>

/**
 * mdast-util-to-markdown writes `[text][]` and `[text]` only when the written text equals the
 * written label, and `[text][label]` otherwise. We keep the short forms only where that surely
 * holds (plain text equal to its label, nothing to escape), so export is a fixed point.
 */
const exportedReferenceType = (
  type: 'full' | 'collapsed' | 'shortcut',
  text: string | undefined,
  label: string | null | undefined,
): 'full' | 'collapsed' | 'shortcut' =>
  type !== 'full' && text !== undefined && text === label && !/[\\*_`[\]<>&!~]/.test(text)
    ? type
    : 'full'

const collect = (
  nodes: readonly PhrasingContent[],
  inherited: Attributes,
  runs: TextRun[],
): void => {
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        pushRun(runs, node.value, inherited)
        break
      case 'strong':
        collect(node.children, { ...inherited, bold: true }, runs)
        break
      case 'emphasis':
        collect(node.children, { ...inherited, italic: true }, runs)
        break
      case 'delete':
        collect(node.children, { ...inherited, strike: true }, runs)
        break
      case 'link':
        collectLink(
          node.children,
          { ...inherited, link: defined({ href: node.url, title: node.title }) },
          runs,
        )
        break
      case 'linkReference':
        collectLink(
          node.children,
          {
            ...inherited,
            linkRef: defined({
              identifier: node.identifier,
              label: node.label,
              referenceType: exportedReferenceType(
                node.referenceType,
                node.children.length === 1 && node.children[0]?.type === 'text'
                  ? node.children[0].value
                  : undefined,
                node.label,
              ),
            }),
          },
          runs,
        )
        break
      case 'inlineCode':
        pushRun(runs, node.value, { ...inherited, code: true })
        break
      case 'html':
        // a paragraph's continuation lines lose their indentation when parsed, except inside
        // inline html; dropping it here is what makes export a fixed point
        pushRun(runs, node.value.replace(/\n[ \t]+/g, '\n'), { ...inherited, html: true })
        break
      case 'break':
        pushRun(runs, '\n', { ...inherited, break: true })
        break
      case 'image':
        pushRun(runs, INLINE_OBJECT, {
          ...inherited,
          image: defined({ url: node.url, alt: node.alt ?? '', title: node.title }),
        })
        break
      case 'imageReference':
        pushRun(runs, INLINE_OBJECT, {
          ...inherited,
          imageRef: defined({
            identifier: node.identifier,
            label: node.label,
            referenceType: exportedReferenceType(
              node.referenceType,
              node.alt ?? undefined,
              node.label,
            ),
            alt: node.alt ?? '',
          }),
        })
        break
      case 'footnoteReference':
        pushRun(runs, INLINE_OBJECT, {
          ...inherited,
          footnoteRef: defined({ identifier: node.identifier, label: node.label }),
        })
        break
      default: {
        // extensions we do not enable (math, directives…): keep whatever text they hold
        const other = node as { value?: unknown }
        if (typeof other.value === 'string') pushRun(runs, other.value, inherited)
      }
    }
  }
}

/** A link with no text (`[](/u)`) is one U+FFFC carrying the link, or it would vanish. */
const collectLink = (
  nodes: readonly PhrasingContent[],
  attributes: Attributes,
  runs: TextRun[],
): void => {
  const inner: TextRun[] = []
  collect(nodes, attributes, inner)
  if (inner.length === 0) pushRun(runs, INLINE_OBJECT, attributes)
  for (const run of inner) pushRun(runs, run.insert, run.attributes ?? {})
}

/** mdast phrasing content → text runs, merged like a Y.Text delta. */
export const phrasingToRuns = (nodes: readonly PhrasingContent[]): TextRun[] => {
  const runs: TextRun[] = []
  collect(nodes, {}, runs)
  return runs
}

// ---------------------------------------------------------------- export

/** Marks that wrap other content, in the order that breaks ties (outermost first). */
// a reference link goes innermost: `[text][]` stays collapsed only around plain text
const WRAPPERS = ['link', 'strike', 'bold', 'italic', 'linkRef'] as const
type Wrapper = (typeof WRAPPERS)[number]

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

const referenceType = (value: unknown): 'full' | 'collapsed' | 'shortcut' =>
  value === 'collapsed' || value === 'shortcut' ? value : 'full'

const wrap = (mark: Wrapper, value: unknown, children: PhrasingContent[]): PhrasingContent => {
  switch (mark) {
    case 'bold':
      return { type: 'strong', children }
    case 'italic':
      return { type: 'emphasis', children }
    case 'strike':
      return { type: 'delete', children }
    case 'link': {
      // an app may store a bare href string; both shapes export
      const link = isRecord(value) ? value : { href: value }
      return { type: 'link', url: str(link.href) ?? '', title: str(link.title) ?? null, children }
    }
    case 'linkRef': {
      const ref = isRecord(value) ? value : {}
      const identifier = str(ref.identifier) ?? ''
      return {
        type: 'linkReference',
        identifier,
        label: str(ref.label) ?? identifier,
        referenceType: referenceType(ref.referenceType),
        children,
      }
    }
    default: {
      const never: never = mark
      throw new Error(`unknown mark ${String(never)}`)
    }
  }
}

const isMarked = (attributes: Attributes | undefined, mark: Wrapper): boolean => {
  const value = attributes?.[mark]
  return value !== undefined && value !== null && value !== false
}

/** Leaves for one run whose wrapping marks are all open already. */
const leaves = (run: TextRun, out: PhrasingContent[]): void => {
  const a = run.attributes ?? {}
  if (a.code === true) {
    out.push({ type: 'inlineCode', value: run.insert })
    return
  }
  if (a.html === true) {
    out.push({ type: 'html', value: run.insert })
    return
  }
  for (const segment of run.insert.split(/(\n|\uFFFC)/)) {
    if (segment === '') continue
    if (segment === '\n' && a.break === true) out.push({ type: 'break' })
    else if (segment === INLINE_OBJECT && isRecord(a.image)) {
      const image = a.image
      out.push({
        type: 'image',
        url: str(image.url) ?? '',
        alt: str(image.alt) ?? '',
        title: str(image.title) ?? null,
      })
    } else if (segment === INLINE_OBJECT && isRecord(a.imageRef)) {
      const ref = a.imageRef
      const identifier = str(ref.identifier) ?? ''
      out.push({
        type: 'imageReference',
        identifier,
        label: str(ref.label) ?? identifier,
        referenceType: referenceType(ref.referenceType),
        alt: str(ref.alt) ?? '',
      })
    } else if (segment === INLINE_OBJECT && isRecord(a.footnoteRef)) {
      const ref = a.footnoteRef
      const identifier = str(ref.identifier) ?? ''
      out.push({ type: 'footnoteReference', identifier, label: str(ref.label) ?? identifier })
    } else if (segment === INLINE_OBJECT && (isMarked(a, 'link') || isMarked(a, 'linkRef'))) {
      // the placeholder of a link without text: the link around it is all there is
    } else {
      const last = out[out.length - 1]
      if (last?.type === 'text') last.value += segment
      else out.push({ type: 'text', value: segment })
    }
  }
}

const build = (runs: readonly TextRun[], open: ReadonlySet<Wrapper>): PhrasingContent[] => {
  const out: PhrasingContent[] = []
  let i = 0
  while (i < runs.length) {
    const run = runs[i] as TextRun
    // the mark that lasts longest from here opens first, so `*a **b** c*` stays one emphasis
    let best: Wrapper | undefined
    let bestEnd = i
    for (const mark of WRAPPERS) {
      if (open.has(mark) || !isMarked(run.attributes, mark)) continue
      let end = i
      while (
        end + 1 < runs.length &&
        sameValue(runs[end + 1]?.attributes?.[mark], run.attributes?.[mark])
      )
        end++
      if (best === undefined || end > bestEnd) {
        best = mark
        bestEnd = end
      }
    }
    if (best === undefined) {
      leaves(run, out)
      i++
      continue
    }
    const inner = build(runs.slice(i, bestEnd + 1), new Set([...open, best]))
    out.push(wrap(best, run.attributes?.[best], inner))
    i = bestEnd + 1
  }
  return out
}

/** Text runs → mdast phrasing content. */
export const runsToPhrasing = (runs: readonly TextRun[]): PhrasingContent[] =>
  build(runs, new Set())
