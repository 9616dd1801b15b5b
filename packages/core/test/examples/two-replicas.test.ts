import { expect, it } from 'vitest'
import { twoReplicas } from './two-replicas.js'

it('the docs example: two replicas edited concurrently end identical', () => {
  const { alice, bob, text } = twoReplicas()
  expect(alice).toEqual(bob)
  expect(text).toBe('Ship it today')
  expect(bob.root.map((block) => block.type)).toEqual(['paragraph', 'heading'])
  expect(bob.root[1]!.text).toEqual([{ insert: 'Plan', attributes: { bold: true } }])
})
