/**
 * `catch_up` frames joined from blocks encoded ahead of time are the bytes the schema-driven
 * encoder gives for the same message, for random messages of every shape the schema allows.
 *
 *   SEED=7 npx vitest run test/protocol/catch-up-frames     replay a seed
 */
import { describe, expect, it } from 'vitest'
import {
  type CatchUpMessage,
  decodeServerMessage,
  encodeCatchUpBlock,
  encodeCatchUpFrame,
  encodeServerMessage,
} from '../../src/index.js'
import { createPrng, testSeed } from './prng.js'
import { randomServerMessage } from './random-messages.js'

const SEED = testSeed()

describe(`catch_up frames from pre-encoded blocks (seed ${SEED})`, () => {
  it('equal encodeServerMessage for every random catch_up message of blocks', () => {
    console.log(`catch-up-frames seed ${SEED} (replay: SEED=${SEED})`)
    const rng = createPrng(SEED)
    let compared = 0
    for (let i = 0; compared < 300 && i < 100_000; i++) {
      const message = randomServerMessage(rng)
      if (message.type !== 'catch_up' || message.content.kind !== 'blocks') continue
      const blocks = message.content.blocks.map(encodeCatchUpBlock)
      const frame = encodeCatchUpFrame(message, blocks)
      expect(frame, `message ${i} (SEED=${SEED})`).toEqual(encodeServerMessage(message))
      const decoded = decodeServerMessage(frame)
      expect(decoded.ok).toBe(true)
      compared++
    }
    expect(compared).toBe(300)
  })

  it('a frame with no blocks is a valid, empty catch_up', () => {
    const header = { partition: 'p1', fromSeq: 3, toSeq: 9, done: true }
    const frame = encodeCatchUpFrame(header, [])
    const message: CatchUpMessage = {
      type: 'catch_up',
      ...header,
      content: { kind: 'blocks', blocks: [] },
    }
    expect(frame).toEqual(encodeServerMessage(message))
  })
})
