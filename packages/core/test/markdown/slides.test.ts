import { expect, test } from 'vitest'
import { exportMarkdown, importMarkdown } from '../../src/index.js'
import { roundTrip } from './round-trip.js'

const DECK =
  '---\ntheme: dark\n---\n\n# Title\n\nIntro\n\n---\n\n## Second\n\n- a\n- b\n\n---\n\n> Thanks\n'

test('a deck exports its slides separated by `---` after its front matter', () => {
  const imported = importMarkdown(DECK, { kind: 'slides' })
  if (!imported.ok) throw new Error(imported.error.message)
  const { replica, frontMatter } = imported.value
  expect(exportMarkdown(replica, { frontMatter })).toBe(DECK)
})

test.each([
  ['a deck', '# One\n\n---\n\n# Two\n'],
  ['a deck opening with an empty slide', '***\n\n# Two\n\n---\n\n---\n'],
  ['an empty deck', ''],
])('%s round-trips as slides', (_, md) => {
  const result = roundTrip(md, { kind: 'slides' })
  expect(result.sameTree && result.fixedPoint).toBe(true)
})
