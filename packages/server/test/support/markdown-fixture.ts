/**
 * Markdown documents big enough to be cut into several partitions (50–200 blocks each, by
 * heading section): top-level headings, each followed by paragraphs with a list, a quote and a
 * code block among them.
 */
import { type Prng, word } from './random-edits.js'

const sentence = (p: Prng, words: number): string =>
  Array.from({ length: words }, () => word(p, 2, 8)).join(' ')

/**
 * Sections of `blocks[i]` blocks each (a list counts as itself plus its items, the heading as
 * one), with every section's text distinct.
 */
export const sectionedMarkdown = (p: Prng, blocks: readonly number[]): string => {
  const parts: string[] = []
  for (const [s, size] of blocks.entries()) {
    parts.push(`# Section ${s + 1} ${word(p, 3, 6)}`)
    let count = 1
    for (let i = 0; count < size; i++) {
      const left = size - count
      if (i % 9 === 4 && left >= 4) {
        parts.push(`- ${sentence(p, 3)}\n- ${sentence(p, 2)}\n- [x] ${sentence(p, 3)}`)
        count += 4
      } else if (i % 13 === 7) {
        parts.push(`> ${sentence(p, 6)}`)
        count += 1
      } else if (i % 17 === 11) {
        parts.push(`\`\`\`ts\nconst ${word(p, 3, 6)} = ${i}\n\`\`\``)
        count += 1
      } else {
        parts.push(`${sentence(p, 8)}, *${word(p)}* and **${word(p)}**.`)
        count += 1
      }
    }
  }
  return `${parts.join('\n\n')}\n`
}
