/**
 * A real-world corpus: the README of every package installed in this workspace (hundreds of
 * documents, deduplicated by content). Every one must round-trip exactly.
 */
import { expect, test } from 'vitest'
import { readmes } from './corpora.js'
import { roundTrip } from './round-trip.js'

test('installed packages’ READMEs round-trip exactly and export is a fixed point', () => {
  const corpus = readmes()
  const failures: string[] = []
  let sameTree = 0
  let fixedPoint = 0
  for (const [text, pkg] of corpus) {
    const result = roundTrip(text)
    if (result.sameTree) sameTree++
    if (result.fixedPoint) fixedPoint++
    if (!result.sameTree || !result.fixedPoint) failures.push(pkg)
  }
  console.log(
    `README corpus: ${corpus.size} documents, ${sameTree} keep their tree, ${fixedPoint} fixed points`,
  )
  expect(corpus.size).toBeGreaterThan(100)
  expect(failures).toEqual([])
})
