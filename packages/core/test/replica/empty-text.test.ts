/**
 * `encodeText` of a block nobody wrote text into returns a constant update instead of encoding
 * a throwaway Y.Doc: these pin that the constant is exactly what Yjs makes for an empty document
 * and that Yjs reads it as "nothing".
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ROOT_ID } from '../../src/ids.js'
import { DocumentReplica } from '../../src/replica/replica.js'
import { TEXT_NAME } from '../../src/replica/texts.js'

const withTextlessBlock = (): DocumentReplica => {
  const replica = new DocumentReplica({ replica: 1 })
  replica.insertBlock({ parent: ROOT_ID, id: 'quote', type: 'quote' })
  replica.insertBlock({ parent: ROOT_ID, id: 'para', type: 'paragraph', text: 'hello' })
  return replica
}

/** What `encodeText` returned for a block without text before the constant. */
const oldEmptyUpdate = (): Uint8Array => Y.encodeStateAsUpdate(new Y.Doc())

describe('encodeText of a block without text', () => {
  it('is the bytes Yjs encodes for an empty document, with or without a state vector', () => {
    const replica = withTextlessBlock()
    const emptyStateVector = Y.encodeStateVector(new Y.Doc())
    const someStateVector = Y.encodeStateVector(replica.yText('para').doc!)
    expect([
      replica.encodeText('quote'),
      replica.encodeText('quote', emptyStateVector),
      replica.encodeText('quote', someStateVector),
      replica.encodeText('no-such-block'),
    ]).toEqual([oldEmptyUpdate(), oldEmptyUpdate(), oldEmptyUpdate(), oldEmptyUpdate()])
  })

  it('applied to a fresh Y.Doc leaves it as empty as the old update did', () => {
    const update = withTextlessBlock().encodeText('quote')
    const viaConstant = new Y.Doc()
    const viaOldPath = new Y.Doc()
    Y.applyUpdate(viaConstant, update)
    Y.applyUpdate(viaOldPath, oldEmptyUpdate())
    expect({
      text: viaConstant.getText(TEXT_NAME).toString(),
      stateVector: Y.encodeStateVector(viaConstant),
      state: Y.encodeStateAsUpdate(viaConstant),
      pending: viaConstant.store.pendingStructs,
    }).toEqual({
      text: viaOldPath.getText(TEXT_NAME).toString(),
      stateVector: Y.encodeStateVector(viaOldPath),
      state: Y.encodeStateAsUpdate(viaOldPath),
      pending: null,
    })
  })

  it('applied to a block with text changes nothing', () => {
    const replica = withTextlessBlock()
    const before = replica.encodeText('para')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, before)
    Y.applyUpdate(doc, replica.encodeText('quote'))
    expect([doc.getText(TEXT_NAME).toString(), Y.encodeStateAsUpdate(doc)]).toEqual([
      'hello',
      Y.encodeStateAsUpdate(replica.yText('para').doc!),
    ])
  })

  it('gives each caller bytes of its own', () => {
    const replica = withTextlessBlock()
    const first = replica.encodeText('quote')
    first.fill(7)
    expect(replica.encodeText('quote')).toEqual(oldEmptyUpdate())
  })
})
