/** The block and child-list stores: lazy, and notified only when their own block changes. */
import { ROOT_ID } from '@markdownsync/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Client, createClient } from '../../src/index.js'
import { FAKE_URL, FakeServer } from '../support/fake-server.js'

let server: FakeServer
let client: Client | undefined
beforeEach(() => {
  server = new FakeServer()
  server.seed(['alpha'])
  server.listen()
})
afterEach(() => {
  client?.destroy()
  client = undefined
  server.close()
})

const connect = () => {
  client = createClient({ url: FAKE_URL, token: 't' })
  return client.enterRoom('doc')
}

describe('the block stores', () => {
  it('a block store changes only when its block does', async () => {
    const room = connect()
    await room.ready()
    const [a, b] = [room.insertBlock({ text: 'a' })!, room.insertBlock({ text: 'b' })!]
    const seen: unknown[] = []
    const off = room.block(a).listen((view) => seen.push(view?.text))
    room.editText(b, [{ insert: 'x' }])
    room.editText(a, [{ retain: 1 }, { insert: '!' }])
    expect(seen).toEqual([[{ insert: 'a!' }]])
    off()
  })

  it('a child list follows a block moving away from its parent', async () => {
    const room = connect()
    await room.ready()
    const parent = room.insertBlock({ text: 'parent' })!
    const child = room.insertBlock({ parent, text: 'child' })!
    const children = room.children(parent)
    const off = children.listen(() => undefined)
    expect(children.get()).toEqual([child])
    room.moveBlock(child, { parent: ROOT_ID })
    expect(children.get()).toEqual([])
    off()
  })
})
