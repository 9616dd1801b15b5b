/**
 * Markdown import: parse into a block plan, then create the blocks in a replica with
 * `insertBlock`, each with a new id (ids are never derived from Markdown). The ops the
 * replica emits are ordinary local ops, so an import into a live replica syncs like typing.
 */
import { type BlockId, ROOT_ID } from '../ids.js'
import { DocumentReplica, type ReplicaOptions } from '../replica/replica.js'
import type { MarkdownResult } from './errors.js'
import { type ParseOptions, parseMarkdown } from './parse.js'
import type { BlockPlan, FrontMatter } from './plan.js'

export interface ImportOptions extends ParseOptions {
  /** The replica to import into; a fresh one (with `replicaOptions`) when omitted. */
  readonly replica?: DocumentReplica
  readonly replicaOptions?: ReplicaOptions
  /** Where the imported blocks go, after the parent's existing children. Default: the root. */
  readonly parent?: BlockId
}

export interface ImportedDocument {
  readonly replica: DocumentReplica
  /** The imported top-level blocks, in order. */
  readonly blocks: BlockId[]
  /** Document metadata: not a block, so the caller stores it with the document. */
  readonly frontMatter: FrontMatter | null
}

/** Creates `plans` under `parent` in order, after its existing children; returns their ids. */
export const applyBlockPlan = (
  replica: DocumentReplica,
  parent: BlockId,
  plans: readonly BlockPlan[],
): BlockId[] => {
  const ids: BlockId[] = []
  let after: BlockId | undefined
  for (const p of plans) {
    const { op } = replica.insertBlock({
      parent,
      ...(after === undefined ? {} : { after }),
      type: p.type,
      ...(Object.keys(p.props).length === 0 ? {} : { props: p.props }),
      ...(p.text.length === 0 ? {} : { text: p.text }),
    })
    after = op.block
    ids.push(op.block)
    if (p.children.length > 0) applyBlockPlan(replica, op.block, p.children)
  }
  return ids
}

/** A Yjs client id must be unique per document; a random uint32 makes a clash unlikely. */
const freshReplica = (): DocumentReplica =>
  new DocumentReplica({ replica: Math.floor(Math.random() * 0xffff_ffff) })

/** Markdown (text or UTF-8 bytes) → blocks in a replica, or a typed error. */
export const importMarkdown = (
  input: string | Uint8Array,
  options: ImportOptions = {},
): MarkdownResult<ImportedDocument> => {
  const parsed = parseMarkdown(input, options)
  if (!parsed.ok) return parsed
  const replica =
    options.replica ??
    (options.replicaOptions === undefined
      ? freshReplica()
      : new DocumentReplica(options.replicaOptions))
  const blocks = applyBlockPlan(replica, options.parent ?? ROOT_ID, parsed.value.blocks)
  return { ok: true, value: { replica, blocks, frontMatter: parsed.value.frontMatter } }
}
