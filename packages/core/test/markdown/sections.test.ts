import { expect, test } from 'vitest'
import { headingSections } from '../../src/index.js'
import { load } from './round-trip.js'

const DOC = 'intro\n\n# A\n\na1\n\n## A.1\n\na2\n\n# B\n'

test('sections start at each heading; blocks before the first form a preamble', () => {
  const replica = load(DOC)
  expect(headingSections(replica).map((s) => [s.level, s.start, s.end])).toEqual([
    [0, 0, 1],
    [1, 1, 3],
    [2, 3, 5],
    [1, 5, 6],
  ])
})

test('headings deeper than maxLevel stay inside their section', () => {
  const replica = load(DOC)
  const sections = headingSections(replica, { maxLevel: 1 })
  expect(sections.map((s) => s.blocks.length)).toEqual([1, 4, 1])
  expect(sections[1]?.heading).toBe(sections[1]?.blocks[0])
})

test('an empty document has no sections', () => {
  expect(headingSections(load(''))).toEqual([])
})
