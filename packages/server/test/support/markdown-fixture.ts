/**
 * Markdown documents big enough to be cut into several partitions (50–200 blocks each, by
 * heading section): `sections` top-level headings, each followed by paragraphs with a list,
 * a quote and a code block among them.
 */
import { type Prng, word } from './random-edits.js'

const sentence = (p: Prng, words: number): string =>
  Array.from({ length: words }, () => word(p, 2, 8)).join(' ')

/**
 * About `blocksPerSection` blocks per section (a list counts as itself plus its items), with
 * every section's text distinct.
 */
export const sectionedMarkdown = (
  p: Prng,
  options: { sections: number; blocksPerSection: number },
): string => {
  const parts: string[] = []
  for (let s = 0; s < options.sections; s++) {
    parts.push(`# Section ${s + 1} ${word(p, 3, 6)}`)
    let blocks = 1
    for (let i = 0; blocks < options.blocksPerSection; i++) {
      const left = options.blocksPerSection - blocks
      if (i % 9 === 4 && left >= 4) {
        parts.push(`- ${sentence(p, 3)}\n- ${sentence(p, 2)}\n- [x] ${sentence(p, 3)}`)
        blocks += 4
      } else if (i % 13 === 7) {
        parts.push(`> ${sentence(p, 6)}`)
        blocks += 1
      } else if (i % 17 === 11) {
        parts.push(`\`\`\`ts\nconst ${word(p, 3, 6)} = ${i}\n\`\`\``)
        blocks += 1
      } else {
        parts.push(`${sentence(p, 8)}, *${word(p)}* and **${word(p)}**.`)
        blocks += 1
      }
    }
  }
  return `${parts.join('\n\n')}\n`
}
