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

const NOTED_DECK =
  '<!-- layout: center -->\n\n# Title\n\n<!--\nSay hello first.\n-->\n\n---\n\n<!-- _class: lead -->\n\n## Second\n\nBody\n'

test('speaker notes and layout directives become slide properties and come back out', () => {
  const imported = importMarkdown(NOTED_DECK, { kind: 'slides' })
  if (!imported.ok) throw new Error(imported.error.message)
  const { replica } = imported.value
  const [first, second] = replica.children('root')
  expect(replica.props(first!)).toEqual({ layout: 'center', notes: 'Say hello first.' })
  expect(replica.props(second!)).toEqual({ _class: 'lead' })
  expect(replica.children(first!).map((id) => replica.type(id))).toEqual(['heading'])
  expect(exportMarkdown(replica)).toBe(NOTED_DECK)
})

test.each([
  ['notes spread over several comments', '# A\n\n<!-- first -->\n\n<!-- second -->\n'],
  ['a comment that is not a directive', '<!-- todo: check this -->\n\n# A\n'],
  ['a comment holding an arrow', '<!-- a --> b -->\n\n# A\n'],
])('%s round-trips in a deck', (_, md) => {
  const result = roundTrip(md, { kind: 'slides' })
  expect(result.sameTree && result.fixedPoint).toBe(true)
})
