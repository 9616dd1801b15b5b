import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DURABLE_OP_KINDS } from '../../src/ops.js'
import { type UnionSchema, variantsOf } from '../../src/protocol/field.js'
import {
  PROTOCOL_ERROR_CODES,
  PROTOCOL_LIMITS,
  REJECT_CODES,
  SERVER_ERROR_CODES,
} from '../../src/protocol/index.js'
import { CLIENT_MESSAGE_SCHEMA, SERVER_MESSAGE_SCHEMA } from '../../src/protocol/schema.js'

// Table cells are padded by the formatter; runs of spaces are folded before matching.
const spec = readFileSync(
  new URL('../../../../apps/docs/spec/protocol.md', import.meta.url),
  'utf8',
).replace(/ {2,}/g, ' ')
const half = (heading: string) => spec.slice(spec.indexOf(heading))
/** The text of `### \`name\`` up to the next heading, within the given half of the page. */
const section = (text: string, name: string): string => {
  const start = text.indexOf(`### \`${name}\``)
  if (start < 0) return ''
  const end = text.slice(start + 1).search(/\n##/)
  return end < 0 ? text.slice(start) : text.slice(start, start + 1 + end)
}

describe('the spec page (apps/docs/spec/protocol.md) describes the protocol as built', () => {
  it.each([
    ['client', CLIENT_MESSAGE_SCHEMA, '## Client → server'],
    ['server', SERVER_MESSAGE_SCHEMA, '## Server → client'],
  ] as const)(
    'every %s message has a section with its tag and every field',
    (_, union, heading) => {
      const schema: UnionSchema = union
      variantsOf(schema).forEach((name, tag) => {
        const text = section(half(heading), name)
        expect(text, `section for ${name}`).toContain(`Tag ${tag}.`)
        for (const field of Object.keys(schema.variants[name]!.fields)) {
          expect(text, `${name}.${field}`).toContain(`\`${field}\``)
        }
      })
    },
  )

  it('every durable op kind is listed with its index', () => {
    DURABLE_OP_KINDS.forEach((kind, index) => {
      expect(spec).toContain(`\`${kind}\` (${index})`)
    })
  })

  it('every limit is in the limits table with its default', () => {
    for (const [name, value] of Object.entries(PROTOCOL_LIMITS)) {
      expect(spec).toContain(`| \`${name}\` | ${value.toLocaleString('en')} |`)
    }
  })

  it('every error, reject and server error code is listed', () => {
    for (const code of [...PROTOCOL_ERROR_CODES, ...REJECT_CODES, ...SERVER_ERROR_CODES]) {
      expect(spec).toContain(`\`${code}\``)
    }
  })
})
