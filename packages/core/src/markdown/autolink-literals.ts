/**
 * GFM autolink literals (`www.example.com`, `https://…`, `contact@example.org`) are found in two
 * steps: micromark's syntax extension tokenizes them, and mdast-util-gfm-autolink-literal's tree
 * transform then runs a find-and-replace over every text node for the cases tokenizing cannot
 * decide. That transform was 11% of importing the 2,000-block benchmark document while it found
 * nothing: a generic visitor over the whole tree and four regular expressions per text node.
 *
 * Here the same transform runs on the paragraphs, headings and table cells whose text (outside
 * links, which it ignores) holds `http://`, `https://`, `www.` or `@` — every one of its patterns
 * needs one of them — and on nothing else. Those blocks never nest, and the transform looks at
 * each text node on its own, so the tree is the same as with the whole-tree transform.
 */
import type { Nodes, Root, RootContent } from 'mdast'
import type { Extension, Transform } from 'mdast-util-from-markdown'

const CANDIDATE = /https?:\/\/|www\.|@/i

/** Node types the transform ignores, with everything inside them. */
const IGNORED = new Set(['link', 'linkReference'])

/** Blocks whose children are phrasing content: every text node lies in exactly one of them. */
const PHRASING_BLOCKS = new Set(['paragraph', 'heading', 'tableCell'])

const mayHoldLiteral = (block: Nodes): boolean => {
  const stack: Nodes[] = [block]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.type === 'text' && CANDIDATE.test(node.value)) return true
    if ('children' in node && !IGNORED.has(node.type))
      for (const child of node.children) stack.push(child)
  }
  return false
}

/** The phrasing blocks of `tree` that may hold an autolink literal, in any order. */
const candidates = (tree: Root): RootContent[] => {
  const out: RootContent[] = []
  const stack: Nodes[] = [tree]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (PHRASING_BLOCKS.has(node.type)) {
      if (mayHoldLiteral(node)) out.push(node as RootContent)
    } else if ('children' in node) for (const child of node.children) stack.push(child)
  }
  return out
}

const narrowed =
  (transform: Transform): Transform =>
  (tree) => {
    const blocks = candidates(tree)
    // the transform splices its links into the blocks themselves, so a stand-in root will do
    if (blocks.length > 0) transform({ type: 'root', children: blocks })
    return tree
  }

/**
 * The mdast extensions with the autolink-literal transform narrowed to the blocks that may hold
 * a literal; every other extension as it is.
 */
export const narrowAutolinkLiterals = (extensions: readonly Extension[]): Extension[] =>
  extensions.map((extension) =>
    extension.enter?.literalAutolink === undefined || extension.transforms == null
      ? extension
      : { ...extension, transforms: extension.transforms.map(narrowed) },
  )
