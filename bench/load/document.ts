/**
 * The benchmark's document: `size` blocks in heading sections of 15–35 blocks (so the server
 * cuts partitions of ~50–200 blocks at section boundaries, PART-1), mostly paragraphs, with
 * bulleted lists, quotes and code blocks. Text is plain lowercase words: the simulated editors
 * write plain ASCII text, and the Yjs reference gets exactly the same blocks.
 */
import { seededRandom } from '../core/random.js'

export interface GeneratedBlock {
  readonly type: 'heading' | 'paragraph' | 'list' | 'list_item' | 'quote' | 'code'
  readonly text: string
  readonly children: readonly GeneratedBlock[]
}

export interface GeneratedDocument {
  readonly blocks: readonly GeneratedBlock[]
  readonly markdown: string
  /** Blocks including nested ones. */
  readonly size: number
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'

export const generateDocument = (size: number, seed: number): GeneratedDocument => {
  const random = seededRandom(seed)
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1))
  const word = (): string => {
    let w = ''
    for (let n = int(2, 8); n > 0; n--) w += LETTERS[int(0, 25)]
    return w
  }
  const words = (min: number, max: number): string =>
    Array.from({ length: int(min, max) }, word).join(' ')
  const leaf = (type: GeneratedBlock['type'], text: string): GeneratedBlock => ({
    type,
    text,
    children: [],
  })

  const blocks: GeneratedBlock[] = []
  let count = 0
  let sectionLeft = 0
  while (count < size) {
    const left = size - count
    if (sectionLeft <= 0) {
      blocks.push(leaf('heading', words(2, 5)))
      count++
      sectionLeft = int(15, 35)
      continue
    }
    const roll = random()
    let block: GeneratedBlock
    if (roll < 0.08 && left >= 4) {
      const items = Math.min(left - 1, int(3, 5))
      block = {
        type: 'list',
        text: '',
        children: Array.from({ length: items }, () => leaf('list_item', words(3, 10))),
      }
    } else if (roll < 0.12 && left >= 2) {
      block = { type: 'quote', text: '', children: [leaf('paragraph', words(6, 16))] }
    } else if (roll < 0.15) block = leaf('code', `const ${word()} = ${int(0, 999)}`)
    else block = leaf('paragraph', words(8, 24))
    blocks.push(block)
    const n = 1 + block.children.length
    count += n
    sectionLeft -= n
  }
  return { blocks, markdown: toMarkdown(blocks), size: count }
}

const toMarkdown = (blocks: readonly GeneratedBlock[]): string =>
  `${blocks
    .map((b) => {
      switch (b.type) {
        case 'heading':
          return `## ${b.text}`
        case 'list':
          return b.children.map((item) => `- ${item.text}`).join('\n')
        case 'quote':
          return `> ${b.children[0]!.text}`
        case 'code':
          return `\`\`\`js\n${b.text}\n\`\`\``
        default:
          return b.text
      }
    })
    .join('\n\n')}\n`
