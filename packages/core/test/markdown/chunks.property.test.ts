/**
 * Parsing in top-level chunks gives the tree of one parse, over the corpora and over seeded
 * random documents built from them. Replay a failure with `SEED=… pnpm test`.
 */
import { describe, expect, test } from 'vitest'
import { parseInChunks } from '../../src/markdown/chunks.js'
import { parseTree } from '../../src/markdown/parse.js'
import { readmes, specExamples, withoutPositions } from './corpora.js'
import { seeded } from './round-trip.js'
import { SAMPLES } from './samples.js'

const SEED = Number(process.env.SEED ?? 20261124)

/** Documents whose chunked tree differs from the whole one, for each piece size. */
const differing = (texts: Iterable<string>, pieceSizes: readonly number[]): string[] => {
  const out: string[] = []
  for (const text of texts) {
    const whole = JSON.stringify(withoutPositions(parseTree(text)))
    for (const size of pieceSizes) {
      if (JSON.stringify(withoutPositions(parseInChunks(text, parseTree, size))) !== whole)
        out.push(`pieces of ${size}: ${JSON.stringify(text.slice(0, 200))}`)
    }
  }
  return out
}

/** GFM and front matter constructs the CommonMark spec does not have. */
const GFM = [
  '| a | b |\n| - | :-: |\n| 1 | 2 |',
  'Text[^1] and [^note].\n\n[^1]: One.\n\n[^note]: Two\n\n    indented part of the note.',
  '- [ ] todo\n- [x] done',
  'www.example.com, https://a.b/c?d, contact@example.org and ~~gone~~.',
  '<details>\n<summary>S</summary>\n\nInside\n\n</details>',
  '```md\n# not a heading\n\n[a]: /not-a-definition\n```',
  '---\ntitle: x\n\n# a comment\n---',
  '+++\na = 1\n+++',
  '~~~\nan unclosed fence\n\nz',
  '<!--\nan unclosed comment\n\nz',
]

describe('the chunked parse equals one parse of the whole text', () => {
  test('every CommonMark spec example and sample', () => {
    const texts = [...specExamples().map((t) => t.markdown), ...Object.values(SAMPLES), ...GFM]
    expect(differing(texts, [1])).toEqual([])
  })

  test('every README of the workspace', () => {
    expect(differing(readmes().keys(), [64])).toEqual([])
  })

  test(`seeded random documents of spec examples, samples and README parts (SEED=${SEED})`, () => {
    const random = seeded(SEED)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
    const lines = [...readmes().keys()].map((text) => text.split('\n'))
    const parts = [...specExamples().map((t) => t.markdown), ...Object.values(SAMPLES), ...GFM]
    const separators = ['\n', '\n\n', '\n\n\n', '\n  \n', '\r\n\r\n', '']
    const readmePart = (): string => {
      const doc = pick(lines)
      const from = Math.floor(random() * doc.length)
      return doc.slice(from, from + 1 + Math.floor(random() * 40)).join('\n')
    }
    const texts: string[] = []
    for (let i = 0; i < 600; i++) {
      const count = 2 + Math.floor(random() * 6)
      const pieces = Array.from({ length: count }, () =>
        random() < 0.3 ? readmePart() : pick(parts),
      )
      texts.push(pieces.reduce((doc, part) => doc + pick(separators) + part))
    }
    const failures = differing(texts, [1])
    if (failures.length > 0) console.log(`SEED=${SEED}: ${failures.length} documents differ`)
    expect(failures).toEqual([])
  })
})
