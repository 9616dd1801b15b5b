/**
 * The hand-written relative position encoder gives Yjs's own bytes, for every index of texts
 * written by several clients with deletions and formatting.
 *
 *   SEED=7 npx vitest run test/replica/relative-position     replay a seed
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeRelativePosition, TEXT_NAME } from '../../src/index.js'
import { createPrng, testSeed } from '../protocol/prng.js'

const SEED = testSeed()

describe(`encodeRelativePosition (seed ${SEED})`, () => {
  it('equals Y.encodeRelativePosition(createRelativePositionFromTypeIndex) at every index', () => {
    console.log(`relative-position seed ${SEED} (replay: SEED=${SEED})`)
    const rng = createPrng(SEED)
    for (let run = 0; run < 50; run++) {
      const docs = [1, 2, 3].map((client) => {
        const doc = new Y.Doc()
        doc.clientID = client * 1_000_003 + run
        return doc
      })
      for (let step = 0; step < 40; step++) {
        const doc = docs[Math.floor(rng.next() * docs.length)]!
        const text = doc.getText(TEXT_NAME)
        const at = Math.floor(rng.next() * (text.length + 1))
        const roll = rng.next()
        if (roll < 0.6) text.insert(at, 'abcdefgh'.slice(0, 1 + Math.floor(rng.next() * 8)))
        else if (roll < 0.85 && text.length > 0)
          text.delete(at % text.length, 1 + Math.floor(rng.next() * 3))
        else if (text.length > 0) text.format(at % text.length, 2, { bold: true })
        // sync everyone now and then
        if (rng.next() < 0.3)
          for (const a of docs)
            for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
      }
      const text = docs[0]!.getText(TEXT_NAME)
      for (let index = 0; index <= text.length; index++)
        expect(
          encodeRelativePosition(text, index),
          `run ${run}, index ${index} (SEED=${SEED})`,
        ).toEqual(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index)))
    }
  })
})
