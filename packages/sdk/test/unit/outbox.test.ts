/**
 * The outbox: every unacknowledged op is kept and re-sent with its original id and HLC after
 * a reconnect, and after a "reload" (a new client on the same outbox store), in memory and in
 * IndexedDB (fake-indexeddb).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type Client,
  createClient,
  createIndexedDbOutboxStore,
  createMemoryOutboxStore,
  type OutboxStore,
} from '../../src/index.js'
import { FAKE_URL, FakeServer } from '../support/fake-server.js'
import { eventually, until } from '../support/wait.js'

let server: FakeServer
const clients: Client[] = []
beforeEach(() => {
  server = new FakeServer()
  server.seed(['alpha'])
  server.listen()
})
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
  server.close()
})

const backoff = { minDelayMs: 1, maxDelayMs: 5 }
const connect = (outbox: OutboxStore = createMemoryOutboxStore()) => {
  const client = createClient({ url: FAKE_URL, token: 't', backoff, outbox })
  clients.push(client)
  return client.enterRoom('doc')
}

const opIds = (): string[] => server.sent('ops').flatMap((m) => m.envelopes.map((e) => e.id))

const stores: Array<[string, () => OutboxStore]> = [
  ['memory', () => createMemoryOutboxStore()],
  [
    'IndexedDB',
    () =>
      createIndexedDbOutboxStore({ indexedDB: new IDBFactory(), IDBKeyRange, name: 'outbox-test' }),
  ],
]

describe('the outbox', () => {
  it('keeps edits made while disconnected and sends them on reconnect', async () => {
    const room = connect()
    await room.ready()
    server.accepting = false
    server.closeAll(1006)
    await until(room.$status, (s) => s === 'reconnecting')
    const id = room.insertBlock({ text: 'offline' })!
    expect(room.$synchronized.get()).toBe(false)
    server.accepting = true
    await until(room.$synchronized, (s) => s)
    expect(server.replica.text(id)).toBe('offline')
  })

  it('re-sends unacknowledged ops with their original ids and HLCs after a reconnect; the server applies them once', async () => {
    const room = connect()
    await room.ready()
    server.autoAck = false
    const id = room.insertBlock({ text: 'kept' })!
    await eventually(() => expect(opIds()).toHaveLength(1))
    const [first] = server.sent('ops')[0]!.envelopes
    server.autoAck = true
    server.closeAll(1006)
    await until(room.$synchronized, (s) => s)
    const resent = server.sent('ops').at(-1)!.envelopes[0]!
    expect(resent.id).toBe(first!.id)
    expect(resent.hlc).toEqual(first!.hlc)
    expect(server.log.filter((e) => e.id === first!.id)).toHaveLength(1)
    expect(server.replica.text(id)).toBe('kept')
  })

  for (const [name, makeStore] of stores) {
    it(`survives a reload (${name}): a new client on the same store re-sends kept ops under their original ids`, async () => {
      const store = makeStore()
      const before = connect(store)
      await before.ready()
      server.dropOps = true // lost on the way: only the outbox has them
      const id = before.insertBlock({ text: 'typed before the reload' })!
      await eventually(() => expect(opIds()).toHaveLength(1))
      const original = server.sent('ops')[0]!.envelopes[0]!
      clients.shift()!.destroy()

      server.dropOps = false
      const after = connect(store)
      await after.ready()
      // replayed into the new page's copy before the server has it
      const view = after.block(id)
      const off = view.listen(() => undefined)
      expect(view.get()?.text).toEqual([{ insert: 'typed before the reload' }])
      await until(after.$synchronized, (s) => s)
      expect(server.sent('hello').at(-1)?.outbox).toBe(1)
      expect(server.log.at(-1)?.id).toBe(original.id)
      expect(server.log.at(-1)?.hlc).toEqual(original.hlc)
      expect(await store.load('doc')).toEqual([])
      off()
    })
  }
})

describe('a browser profile shared by two users (two tabs)', () => {
  it("a page sends only its own user's kept ops and leaves the other user's in the store", async () => {
    server.close()
    server = new FakeServer({ user: (token) => (token === 'ada' ? 'user-ada' : 'user-bob') })
    server.seed(['alpha'])
    server.listen()
    const store = createIndexedDbOutboxStore({ indexedDB: new IDBFactory(), IDBKeyRange })
    const enter = (token: string) => {
      const client = createClient({ url: FAKE_URL, token, backoff, outbox: store })
      clients.push(client)
      return client.enterRoom('doc')
    }
    const ada = enter('ada')
    await ada.ready()
    server.dropOps = true // Ada's tab goes quiet with an unacknowledged op
    ada.insertBlock({ text: 'Ada, not yet sent' })
    await eventually(async () => expect(await store.load('doc')).toHaveLength(1))
    const adaOp = (await store.load('doc'))[0]!.opId
    clients.shift()!.destroy()

    server.dropOps = false
    const bob = enter('bob')
    await bob.ready()
    await until(bob.$synchronized, (s) => s)
    expect(server.log.map((e) => e.id)).not.toContain(adaOp)
    expect((await store.load('doc')).map((r) => r.opId)).toEqual([adaOp])
  })
})

describe('the IndexedDB outbox store', () => {
  it('gives back a document’s ops in op id order and forgets deleted ones', async () => {
    const store = createIndexedDbOutboxStore({ indexedDB: new IDBFactory(), IDBKeyRange })
    const bytes = (n: number) => new Uint8Array([n])
    await store.put('doc', [
      { opId: 'b', bytes: bytes(2) },
      { opId: 'a', bytes: bytes(1) },
    ])
    await store.put('other', [{ opId: 'c', bytes: bytes(3) }])
    await store.delete('doc', ['b'])
    expect(await store.load('doc')).toEqual([{ opId: 'a', bytes: bytes(1) }])
    expect((await store.load('other')).map((r) => r.opId)).toEqual(['c'])
    store.close?.()
  })
})
