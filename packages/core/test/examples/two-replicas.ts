// Two replicas of one document, edited concurrently and synchronised by hand.
// This file is included verbatim in the docs (apps/docs/core.md) and run by two-replicas.test.ts.
import { DocumentReplica, type Envelope, ROOT_ID } from '@markdownsync/core'

export const twoReplicas = () => {
  const alice = new DocumentReplica({ replica: 1, user: 'alice' })
  const bob = new DocumentReplica({ replica: 2, user: 'bob' })

  // Every local edit applies at once and yields an envelope to send to the others.
  const fromAlice: Envelope[] = []
  const fromBob: Envelope[] = []
  alice.onLocalOp((envelope) => fromAlice.push(envelope))
  bob.onLocalOp((envelope) => fromBob.push(envelope))

  const title = alice.insertBlock({
    parent: ROOT_ID,
    type: 'heading',
    props: { level: 1 },
    text: 'Plan',
  })
  const body = alice.insertBlock({ parent: ROOT_ID, type: 'paragraph', text: 'Ship it' })
  bob.apply(fromAlice.splice(0))

  // Concurrently: Alice makes the heading bold, Bob appends to the paragraph and moves it first.
  alice.formatText(title.op.block, 0, 4, { bold: true })
  const paragraph = body.op.block
  bob.insertText(paragraph, 7, ' today')
  bob.moveBlock(paragraph, { parent: ROOT_ID, after: null })

  // Deliver in any order, any number of times: both end identical.
  alice.apply(fromBob.splice(0))
  bob.apply(fromAlice.splice(0))
  return { alice: alice.toCanonical(), bob: bob.toCanonical(), text: bob.text(paragraph) }
}
