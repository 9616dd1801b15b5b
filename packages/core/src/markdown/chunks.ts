/**
 * A long document parsed in top-level chunks, each by micromark on its own, with the trees
 * joined: the same tree as one parse of the whole text, in less than half the time at 2,000 blocks.
 *
 * Why: micromark's cost per character grows with the length of the document. Its document
 * tokenizer rebuilds the whole event list every time a list item or block quote closes
 * (`EditMap.consume` in micromark 4.0.3: 4.5 million events copied for the 37 KB benchmark
 * document), and every token stays alive until the tree is compiled, so each young-generation
 * GC copies and promotes all of them. Pieces of ~2 KB keep both small (apps/docs/benchmarks.md).
 * We still never parse Markdown ourselves: a line rule proposes cuts, and micromark's own tree
 * confirms each one before it is kept.
 *
 * Invariants (each cut keeps the tree; chunks.property.test.ts checks the corpora):
 * - a cut is the start of a line L that follows a blank line B, and L's first character is not
 *   indentation nor a list marker (`-`, `+`, `*`, a digit). After B no paragraph, table, block
 *   quote or definition is open; L is not indented, so it ends every list item and footnote
 *   definition; and it cannot be an item of the list before. So only a block that spans blank
 *   lines at the top level (fenced code, HTML blocks of kinds 1–5, front matter) can cross L.
 * - a piece is kept only if its last top-level node ends before B, so no fenced code or HTML
 *   block is open at the cut (an open one runs to the end of the piece); otherwise the piece
 *   grows to a later cut. Front matter is never cut: cuts start after its closing fence, and
 *   a text whose opening fence is never closed is not cut at all (see `frontMatterEnd`).
 * - link reference definitions and footnote definitions are global: a reference resolves only
 *   if its label is defined somewhere in the document. When pieces hold definitions, a piece
 *   that needs labels defined elsewhere is parsed again with a stub definition per label
 *   (`[label]: x`), and the stub nodes are removed; if they do not come back exactly, the whole
 *   text is parsed in one go.
 */
import type { Nodes, Root, RootContent } from 'mdast'

export type ParseTree = (text: string) => Root

/**
 * Pieces are at least this long. Measured on the benchmark document: pieces of 256 B to 2 KB
 * parse equally fast (each parse has ~0.1 ms of set-up), 4 KB is 10% slower and 8 KB 40%.
 */
export const PIECE_CHARS = 2048

interface Cut {
  /** Offset of the line L that starts the next piece. */
  readonly line: number
  /** Offset of the blank line B before it. */
  readonly blank: number
}

interface Piece {
  readonly text: string
  readonly tree: Root
  /** Its definitions, as the stub lines that define the same labels. */
  readonly stubs: ReadonlySet<string>
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09

/** Indentation, a line ending, or the first character of a list item marker. */
const mayContinue = (c: number): boolean =>
  isSpace(c) ||
  c === 0x0a ||
  c === 0x0d ||
  c === 0x2d ||
  c === 0x2b ||
  c === 0x2a ||
  (c >= 0x30 && c <= 0x39)

/** Every cut at or after `from`, in order. Lines must end in `\n` or `\r\n` to be considered. */
const cutsFrom = (text: string, from: number): Cut[] => {
  const cuts: Cut[] = []
  // from the line ending before `from`, so that a blank line starting at `from` counts
  let eol = text.indexOf('\n', from - 1)
  while (eol !== -1) {
    const blank = eol + 1
    let i = blank
    while (isSpace(text.charCodeAt(i))) i++
    if (text.charCodeAt(i) === 0x0d) i++
    if (text.charCodeAt(i) !== 0x0a) {
      eol = text.indexOf('\n', blank)
      continue
    }
    const line = i + 1
    if (blank >= from && line < text.length && !mayContinue(text.charCodeAt(line)))
      cuts.push({ line, blank })
    eol = i
  }
  return cuts
}

const FRONT_MATTER_OPEN = /^\uFEFF?(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)/

/**
 * Where front matter ends (0 when there is none), as micromark-extension-frontmatter decides:
 * a fence on the first line, closed by the first line that is the same fence (trailing spaces
 * allowed). Without a closing fence there is no front matter, but micromark only finds out at
 * the end of the text, and while it tried, no line could open a list or a quote (front matter
 * is "concrete"): such a text is not cut at all (found by chunks.property.test.ts).
 */
const frontMatterEnd = (text: string): number => {
  const open = FRONT_MATTER_OPEN.exec(text)
  if (open === null) return 0
  const fence = open[1] as string
  let start = open[0].length
  while (start < text.length) {
    let end = start
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++
    const next = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1)
    if (text.startsWith(fence, start)) {
      let i = start + fence.length
      while (isSpace(text.charCodeAt(i))) i++
      if (i === end) return next
    }
    start = next
  }
  return text.length
}

/** Whether nothing of the tree reaches `offset` (its last top-level node ends before it). */
const endsBefore = (tree: Root, offset: number): boolean => {
  const last = tree.children[tree.children.length - 1]
  return last === undefined || (last.position?.end.offset ?? Number.POSITIVE_INFINITY) < offset
}

const stubOf = (node: Nodes): string | undefined => {
  if (node.type === 'definition') return `[${node.identifier}]: x`
  if (node.type === 'footnoteDefinition') return `[^${node.identifier}]: x`
  return undefined
}

/** The stub lines for every definition in the tree (definitions may sit inside containers). */
const stubsOf = (tree: Root): Set<string> => {
  const stubs = new Set<string>()
  const stack: Nodes[] = [tree]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const stub = stubOf(node)
    if (stub !== undefined) stubs.add(stub)
    if ('children' in node) for (const child of node.children) stack.push(child)
  }
  return stubs
}

/**
 * The top-level nodes of `text` parsed with stub definitions before it (or after it, for the
 * first piece, which may start with front matter); undefined if the stubs did not come back
 * as exactly the definitions they stand for.
 */
const withStubs = (
  text: string,
  stubs: readonly string[],
  first: boolean,
  parse: ParseTree,
): RootContent[] | undefined => {
  const lines = stubs.join('\n')
  const nodes = parse(first ? `${text}${lines}\n` : `${lines}\n\n${text}`).children
  const kept = first ? nodes.slice(0, nodes.length - stubs.length) : nodes.slice(stubs.length)
  const added = first ? nodes.slice(kept.length) : nodes.slice(0, stubs.length)
  const same = added.length === stubs.length && added.every((node, i) => stubOf(node) === stubs[i])
  return same ? kept : undefined
}

/** Splits `text` into pieces, each parsed and checked (see the invariants above). */
const parsePieces = (text: string, parse: ParseTree, pieceChars: number): Piece[] => {
  const cuts = cutsFrom(text, frontMatterEnd(text))
  const pieces: Piece[] = []
  let start = 0
  let next = 0
  while (start < text.length) {
    let want = start + pieceChars
    for (;;) {
      while (next < cuts.length && (cuts[next] as Cut).line < want) next++
      const cut = cuts[next]
      const end = cut?.line ?? text.length
      const piece = text.slice(start, end)
      const tree = parse(piece)
      if (cut === undefined || endsBefore(tree, cut.blank - start)) {
        pieces.push({ text: piece, tree, stubs: stubsOf(tree) })
        start = end
        break
      }
      // a fenced code or HTML block is open at the cut: try a later cut, twice as far, so an
      // unclosed block costs at most twice its parse
      want = start + 2 * (end - start)
    }
  }
  return pieces
}

/**
 * Joins pieces into one tree; pieces that may hold references to labels defined in other pieces
 * are parsed again with stubs, in groups large enough that the stubs stay a quarter of the text.
 */
const join = (
  pieces: readonly Piece[],
  text: string,
  parse: ParseTree,
  pieceChars: number,
): Root => {
  const all = new Set<string>()
  let stubChars = 0
  for (const piece of pieces)
    for (const stub of piece.stubs)
      if (!all.has(stub)) {
        all.add(stub)
        stubChars += stub.length + 1
      }
  if (all.size === 0 || pieces.length === 1)
    return { type: 'root', children: pieces.flatMap((piece) => piece.tree.children) }
  const groupChars = Math.max(pieceChars, 4 * stubChars)
  const children: RootContent[] = []
  for (let i = 0; i < pieces.length; ) {
    const group: Piece[] = []
    let length = 0
    while (i < pieces.length && (length < groupChars || group.length === 0)) {
      const piece = pieces[i++] as Piece
      group.push(piece)
      length += piece.text.length
    }
    // a piece parsed alone saw only its own labels; a reference needs a `[`
    const complete = group.every(
      (piece) => piece.stubs.size === all.size || !piece.text.includes('['),
    )
    if (complete) {
      for (const piece of group) children.push(...piece.tree.children)
      continue
    }
    const groupText = group.map((piece) => piece.text).join('')
    const missing = [...all].filter((stub) => !group.some((piece) => piece.stubs.has(stub)))
    const nodes =
      missing.length === 0
        ? parse(groupText).children
        : withStubs(groupText, missing, group[0] === pieces[0], parse)
    if (nodes === undefined) return parse(text)
    children.push(...nodes)
  }
  return { type: 'root', children }
}

/**
 * `parse(text)`, computed piece by piece when the text is long enough to gain from it. Node
 * positions are relative to the piece a node was parsed in.
 */
export const parseInChunks = (
  text: string,
  parse: ParseTree,
  pieceChars: number = PIECE_CHARS,
): Root => {
  if (text.length < 2 * pieceChars) return parse(text)
  return join(parsePieces(text, parse, pieceChars), text, parse, pieceChars)
}
