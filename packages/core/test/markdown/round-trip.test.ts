import { describe, expect, test } from 'vitest'
import { exportMarkdown, importMarkdown } from '../../src/index.js'
import { specExamples } from './corpora.js'
import { load, roundTrip, treeOf } from './round-trip.js'
import { SAMPLES } from './samples.js'

describe('Markdown round trip', () => {
  test.each(Object.entries(SAMPLES))(
    '%s: import → export → import gives the same tree',
    (_, md) => {
      const a = load(md)
      const b = load(exportMarkdown(a))
      expect(treeOf(b)).toEqual(treeOf(a))
    },
  )

  test.each(Object.entries(SAMPLES))('%s: export is a fixed point after one round', (_, md) => {
    const result = roundTrip(md)
    expect(result.second).toBe(result.first)
  })

  test('all samples together round-trip as one document', () => {
    const result = roundTrip(Object.values(SAMPLES).slice(0, -1).join('\n\n'))
    expect(result.sameTree && result.fixedPoint).toBe(true)
  })

  test('front matter comes back when it is given to export', () => {
    const imported = importMarkdown(SAMPLES.frontMatter as string)
    if (!imported.ok) throw new Error(imported.error.message)
    const { replica, frontMatter } = imported.value
    expect(exportMarkdown(replica, { frontMatter })).toBe(
      '---\ntitle: Hello\ntags: [a, b]\n---\n\n# Body\n',
    )
  })
})

/** CommonMark 0.31.2's 652 spec examples (the `commonmark-spec` package) as a corpus of edge cases. */

describe('CommonMark spec examples', () => {
  const examples = specExamples()

  test('every example is a fixed point after one round', () => {
    const failing = examples.filter((t) => !roundTrip(t.markdown).fixedPoint).map((t) => t.number)
    expect(failing).toEqual([])
  })

  test('every example keeps its tree', () => {
    const failing = examples.filter((t) => !roundTrip(t.markdown).sameTree).map((t) => t.number)
    console.log(
      `CommonMark spec: ${examples.length} examples, ${examples.length - failing.length} keep their tree`,
    )
    expect(failing).toEqual([])
  })
})
