/**
 * Context, the full document replica: `DocumentReplica.moveBlock` (key, envelope, validation,
 * dependency checks, change events) on the 2,000-block document, and a second replica applying
 * those envelopes as remote batches of 500 (the protocol's largest `ops` batch), in order.
 */
import { DocumentReplica, type Envelope, ROOT_ID } from '@markdownsync/core'
import { perSecond, repeat } from '../measure.js'
import { generateMoves } from '../move-script.js'
import { seededRandom } from '../random.js'
import type { Row } from '../report.js'
import type { Settings } from '../settings.js'
import { documentShape, ROOT } from '../shape.js'
import { DOCUMENT_BLOCKS } from './local-moves.js'

export const REMOTE_BATCH = 500

interface ReplicaRun {
  readonly ms: number
  readonly creations: Envelope[]
  readonly moves: Envelope[]
}

const runLocal = (settings: Settings): ReplicaRun => {
  const shape = documentShape(DOCUMENT_BLOCKS, settings.seed)
  const script = generateMoves(shape, settings.replicaMoves, settings.seed + 2)
  const replica = new DocumentReplica({ replica: 1, random: seededRandom(settings.seed + 60) })
  const ids: string[] = []
  const creations: Envelope[] = []
  for (let i = 0; i < shape.size; i++) {
    const parent = shape.parents[i]!
    const envelope = replica.insertBlock({
      parent: parent === ROOT ? ROOT_ID : ids[parent]!,
      type: 'paragraph',
    })
    ids.push((envelope.op as { block: string }).block)
    creations.push(envelope)
  }
  const moves: Envelope[] = []
  const start = performance.now()
  for (let i = 0; i < script.length; i++) {
    const block = ids[script.blocks[i]!]!
    const target = script.parents[i]!
    const parent = target === ROOT ? ROOT_ID : ids[target]!
    // The replica places "after a sibling"; an app holding a slot index reads the sibling from
    // `children` (the replica has no `childAt`), and that read is part of the cost.
    const siblings = replica.children(parent)
    let previous = script.indices[i]! - 1
    if (previous >= 0 && replica.parent(block) === parent && previous >= siblings.indexOf(block))
      previous++
    moves.push(
      replica.moveBlock(block, { parent, after: previous < 0 ? null : siblings[previous]! }),
    )
  }
  return { ms: performance.now() - start, creations, moves }
}

export const replica = (settings: Settings): Row[] => {
  let last: ReplicaRun | undefined
  const local = repeat(settings.repetitions, () => {
    last = runLocal(settings)
    return { value: perSecond(last.moves.length, last.ms) }
  })
  const { creations, moves } = last!
  let rejected = 0
  const remote = repeat(settings.repetitions, () => {
    const peer = new DocumentReplica({ replica: 2, random: seededRandom(settings.seed + 61) })
    peer.apply(creations)
    rejected = 0
    const start = performance.now()
    for (let i = 0; i < moves.length; i += REMOTE_BATCH) {
      rejected += peer.apply(moves.slice(i, i + REMOTE_BATCH)).rejected.length
    }
    return { value: perSecond(moves.length, performance.now() - start) }
  })
  return [
    {
      id: 'replica-local-moves',
      label: 'full replica: local moveBlock',
      unit: 'moves/s',
      better: 'higher',
      ours: { ...local, facts: { moves: moves.length } },
      loro: null,
      loroNote: 'context line for our full replica; Loro is compared on the tree lines',
    },
    {
      id: 'replica-remote-batch',
      label: `full replica: remote apply, batches of ${REMOTE_BATCH}`,
      unit: 'moves/s',
      better: 'higher',
      ours: { ...remote, facts: { moves: moves.length, rejected } },
      loro: null,
      loroNote: 'context line for our full replica; Loro is compared on the tree lines',
    },
  ]
}
