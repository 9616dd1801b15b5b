/**
 * Driving Loro's movable tree (loro-crdt) with the same scripts. Node handles are kept from
 * creation, so a move is one call into WASM; nothing reads `roots()` or `children()` inside a
 * timed loop (each such call copies O(n) nodes across the WASM boundary).
 */
import { LoroDoc, type LoroTree, type LoroTreeNode } from 'loro-crdt'
import type { MoveScript } from './move-script.js'
import { type DocumentShape, ROOT } from './shape.js'

export interface LoroReplica {
  readonly doc: LoroDoc
  readonly tree: LoroTree
  /** Handles of the shape's blocks, by block index. */
  readonly nodes: LoroTreeNode[]
}

export const TREE_NAME = 't'

export const newLoroDoc = (peer: bigint): { doc: LoroDoc; tree: LoroTree } => {
  const doc = new LoroDoc()
  doc.setPeerId(peer)
  const tree = doc.getTree(TREE_NAME)
  // jitter 0, as the API hints suggest: Loro's keys are then as short as they get
  tree.enableFractionalIndex(0)
  return { doc, tree }
}

export const loroFrom = (shape: DocumentShape, peer: bigint): LoroReplica => {
  const { doc, tree } = newLoroDoc(peer)
  const nodes: LoroTreeNode[] = []
  for (let i = 0; i < shape.size; i++) {
    const parent = shape.parents[i]!
    nodes.push(parent === ROOT ? tree.createNode() : nodes[parent]!.createNode())
  }
  doc.commit()
  return { doc, tree, nodes }
}

/** A second replica of `source`'s document: its snapshot imported, handles looked up by id. */
export const loroReplicaOf = (source: LoroReplica, peer: bigint): LoroReplica => {
  const { doc, tree } = newLoroDoc(peer)
  doc.import(source.doc.export({ mode: 'snapshot' }))
  const nodes = source.nodes.map((node) => tree.getNodeByID(node.id)!)
  return { doc, tree, nodes }
}

/**
 * Releases a replica's WASM memory: its node handles, its tree handle, then the document. Each
 * handle keeps the document's state alive, and their finalizers would run only when the
 * (synchronous) benchmark yields, which it never does: without this every repetition left its
 * document in the WASM heap and the later ones ran measurably slower.
 */
export const freeLoro = (replica: {
  readonly doc: LoroDoc
  readonly tree: LoroTree
  readonly nodes?: readonly LoroTreeNode[]
}): void => {
  for (const node of replica.nodes ?? []) node.free()
  replica.tree.free()
  replica.doc.free()
}

/** Move `i` of the script; false when Loro refuses it as a cyclic move (other errors throw). */
export const loroMove = (replica: LoroReplica, script: MoveScript, i: number): boolean => {
  const parent = script.parents[i]!
  try {
    replica.nodes[script.blocks[i]!]!.move(
      parent === ROOT ? undefined : replica.nodes[parent]!,
      script.indices[i]!,
    )
    return true
  } catch (error) {
    if (String(error).includes('Cycle move')) return false
    throw error
  }
}

/** Parent and sibling index of every block (slow: for checks outside the timed loops). */
export const loroShapeOf = (replica: LoroReplica, ourIds: readonly string[]): string[] => {
  const byLoroId = new Map(replica.nodes.map((node, i) => [node.id, ourIds[i]!]))
  return replica.nodes.map((node) => {
    const parent = node.parent()
    const id = parent === undefined ? 'root' : byLoroId.get(parent.id)
    parent?.free()
    return `${id}/${node.index()}`
  })
}
