/**
 * What happens to a change the server does not take: rollback by resync and a rejection event
 * (with the ops that depended on it), rate limits waited out, lost moves only reported, writes
 * without permission refused before they leave.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Client, createClient, type RejectionEvent, type RoomError } from '../../src/index.js'
import { FAKE_URL, FakeServer } from '../support/fake-server.js'
import { eventually, until } from '../support/wait.js'

let server: FakeServer
let client: Client | undefined
let alpha: string
beforeEach(() => {
  server = new FakeServer()
  ;[alpha] = server.seed(['alpha']) as [string]
  server.listen()
})
afterEach(() => {
  client?.destroy()
  client = undefined
  server.close()
})

const enter = async () => {
  client = createClient({ url: FAKE_URL, token: 't', backoff: { minDelayMs: 1, maxDelayMs: 5 } })
  const room = client.enterRoom('doc')
  const rejections: RejectionEvent[] = []
  const errors: RoomError[] = []
  room.on('rejection', (r) => rejections.push(r))
  room.on('error', (e) => errors.push(e))
  await room.ready()
  return { room, rejections, errors }
}

describe('rejections', () => {
  it('a refused change is rolled back by a resync from a fresh snapshot and reported with its reason', async () => {
    server.decide = (e) => (e.op.kind === 'set_property' ? 'invalid_op' : undefined)
    const { room, rejections } = await enter()
    const view = room.block(alpha)
    const off = view.listen(() => undefined)
    room.setProperty(alpha, 'color', 'red')
    expect(view.get()?.props).toEqual({ color: 'red' }) // optimistic
    await eventually(() => expect(rejections).toHaveLength(1))
    expect(rejections[0]).toMatchObject({
      code: 'invalid_op',
      reason: 'refused: invalid_op',
      kind: 'set_property',
      rolledBack: true,
    })
    await until(view, (v) => v !== undefined && !('color' in v.props))
    expect(server.sent('hello').at(-1)?.lastSeq).toBeUndefined() // a fresh start
    expect(room.$synchronized.get()).toBe(true)
    off()
  })

  it('drops the later changes that need a block the refused one created', async () => {
    server.decide = (e) => (e.op.kind === 'insert_block' ? 'document_limit' : undefined)
    const { room, rejections } = await enter()
    const children = room.children('root')
    const off = children.listen(() => undefined)
    room.batch(() => {
      const id = room.insertBlock({ text: 'new' })!
      room.editText(id, [{ insert: '!' }])
      room.setProperty(id, 'checked', true)
    })
    await eventually(() => expect(rejections).toHaveLength(1))
    expect(rejections[0]?.dropped).toHaveLength(2)
    await until(children, (ids) => ids.length === 1)
    expect(server.log.map((e) => e.op.kind)).toEqual(['insert_block']) // the seed only
    off()
  })

  it('keeps a rate-limited op and re-sends it after retryAfterMs; nothing is rolled back', async () => {
    let refusals = 1
    server.decide = () => (refusals-- > 0 ? 'rate_limited' : undefined)
    const { room, rejections, errors } = await enter()
    room.editText(alpha, [{ insert: '>' }])
    await until(room.$synchronized, (s) => s)
    expect(server.sent('ops')).toHaveLength(2)
    expect(server.replica.text(alpha)).toBe('>alpha')
    expect(rejections).toEqual([])
    expect(errors).toMatchObject([{ code: 'rate_limited', retryAfterMs: 50 }])
    expect(server.sent('hello')).toHaveLength(1)
  })

  it('reports a lost move without rolling back: the CRDT settles it the same everywhere', async () => {
    server.lose = (e) => (e.op.kind === 'move_block' ? 'concurrent_move' : undefined)
    const { room, rejections } = await enter()
    const other = room.insertBlock({ text: 'other' })!
    room.moveBlock(other, { parent: 'root', after: null })
    await eventually(() => expect(rejections).toHaveLength(1))
    expect(rejections[0]).toMatchObject({
      code: 'concurrent_move',
      rolledBack: false,
      blocks: [other],
    })
    await until(room.$synchronized, (s) => s)
    expect(server.sent('hello')).toHaveLength(1)
  })

  it('never sends a change the protocol would refuse: it is rolled back and reported', async () => {
    const { room, rejections } = await enter()
    const view = room.block(alpha)
    const off = view.listen(() => undefined)
    room.setProperty(alpha, 'huge', 'x'.repeat(70_000)) // over maxPropValueBytes
    await eventually(() => expect(rejections).toHaveLength(1))
    expect(rejections[0]).toMatchObject({ code: 'invalid_op', rolledBack: true })
    await until(view, (v) => v !== undefined && !('huge' in v.props))
    expect(server.sent('ops')).toEqual([])
    off()
  })

  it('does not send later changes that build on a change it could not send', async () => {
    const { room, rejections } = await enter()
    const children = room.children('root')
    const off = children.listen(() => undefined)
    const id = room.insertBlock({ props: { huge: 'x'.repeat(70_000) } })!
    room.editText(id, [{ insert: 'hello' }])
    await eventually(() => expect(rejections).toHaveLength(2))
    expect(rejections[1]?.reason).toMatch(
      /not sent: block .* was made by a change that was not sent/,
    )
    await until(children, (ids) => !ids.includes(id))
    expect(server.sent('ops')).toEqual([])
    off()
  })

  it('refuses writes locally in a session without write permission: an error, nothing sent', async () => {
    server.permissions = ['read']
    const { room, errors } = await enter()
    expect(room.insertBlock({ text: 'nope' })).toBeUndefined()
    expect(room.editText(alpha, [{ insert: 'x' }])).toBe(false)
    expect(errors.map((e) => e.code)).toEqual(['permission_denied', 'permission_denied'])
    expect(server.sent('ops')).toEqual([])
  })

  it('refuses an edit that names a missing block or an offset past the text, changing nothing', async () => {
    const { room, errors } = await enter()
    expect(room.editText('missing', [{ insert: 'x' }])).toBe(false)
    expect(room.splitBlock(alpha, 99)).toBeUndefined()
    expect(room.moveBlock(alpha, { parent: alpha })).toBe(false)
    expect(errors.map((e) => e.code)).toEqual(['invalid_edit', 'invalid_edit', 'invalid_edit'])
    await Promise.resolve()
    expect(server.sent('ops')).toEqual([])
  })
})
