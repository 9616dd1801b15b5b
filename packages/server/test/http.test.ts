/**
 * The document HTTP API through `inject` (Fastify's way: no socket where sockets are not the
 * point).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Harness, startServer } from './support/harness.js'

let harness: Harness
beforeAll(async () => {
  harness = await startServer()
})
afterAll(async () => {
  await harness.close()
})

describe('document HTTP API', () => {
  it('keeps YAML front matter as metadata and writes it back on export', async () => {
    const markdown = '---\ntitle: Plan\ntags: [a, b]\n---\n\n# Plan\n\nText.\n'
    const created = await harness.app.inject({
      method: 'POST',
      url: '/v1/documents',
      payload: { id: 'with-front-matter', markdown },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json().metadata).toEqual({
      frontMatter: { format: 'yaml', value: 'title: Plan\ntags: [a, b]' },
    })
    const exported = await harness.app.inject({ url: '/v1/documents/with-front-matter/markdown' })
    expect(exported.body).toBe(markdown)
  })

  it('imports a slide deck: --- separates slides, and export writes the same convention', async () => {
    const markdown = '# One\n\nFirst.\n\n---\n\n# Two\n\nSecond.\n'
    const created = await harness.app.inject({
      method: 'POST',
      url: '/v1/documents',
      payload: { id: 'deck', kind: 'slides', markdown },
    })
    expect(created.json().kind).toBe('slides')
    const room =
      harness.app.markdownsync.rooms.get('deck') ??
      (await harness.app.markdownsync.documents.openRoom('deck', false))
    expect(room?.replica.children('root').map((id) => room.replica.type(id))).toEqual([
      'slide',
      'slide',
    ])
    const exported = await harness.app.inject({ url: '/v1/documents/deck/markdown' })
    expect(exported.body).toBe(markdown)
  })

  it('refuses invalid Markdown input with a typed 422 and creates nothing', async () => {
    const deep = `${'>'.repeat(200)} too deep\n`
    const created = await harness.app.inject({
      method: 'POST',
      url: '/v1/documents',
      payload: { id: 'too-deep', markdown: deep },
    })
    expect(created.statusCode).toBe(422)
    expect(created.json().error.code).toBe('invalid_markdown')
    expect((await harness.app.inject({ url: '/v1/documents/too-deep' })).statusCode).toBe(404)
  })
})
