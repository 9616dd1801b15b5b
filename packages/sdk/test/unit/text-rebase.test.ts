/**
 * The worker engine's text rebasing, without a browser: two peers, each a rebase layer
 * (text-rebase.ts, the main thread) in front of an inline engine (the worker) behind message
 * queues that a seeded schedule delivers late and in bursts, exchanging their ops. Each user
 * types a word into the same paragraph, one character at a time, each keystroke placed from
 * what that peer's block view shows at that moment. Also: the client states of text-client.ts.
 *
 *   SEED=7 npx vitest run test/unit/text-rebase     replay a seed
 */
import { DocumentReplica, type Envelope, ROOT_ID } from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import type { BlockView, EngineCommand, EngineEvent } from '../../src/engine/engine.js'
import { InlineEngine } from '../../src/engine/inline-engine.js'
import { acknowledged, localEdit, remoteChange } from '../../src/engine/text-client.js'
import { textRebase } from '../../src/engine/text-rebase.js'
import { createPrng, int, type Prng, seedFromEnv } from '../support/prng.js'

const SEED = seedFromEnv(1)

interface Peer {
  readonly name: string
  view: BlockView | undefined
  /** Main thread → worker, and back: delivered when the schedule says. */
  readonly toWorker: EngineCommand[]
  readonly toMain: EngineEvent[]
  readonly ops: Envelope[]
  readonly post: (command: EngineCommand) => void
  readonly engine: InlineEngine
  readonly refused: string[]
}

const BLOCK = 'para'

const setup = (text: string, rebase: boolean) => {
  const seed = new DocumentReplica({ replica: 9, user: 'seed' })
  seed.insertBlock({ id: BLOCK, parent: ROOT_ID, type: 'paragraph', text })
  const snapshot = seed.encodeSnapshot()
  const peer = (name: string, replica: number): Peer => {
    const engine = new InlineEngine()
    const toWorker: EngineCommand[] = []
    const toMain: EngineEvent[] = []
    const ops: Envelope[] = []
    const refused: string[] = []
    const self: Peer = {
      name,
      view: undefined,
      toWorker,
      toMain,
      ops,
      engine,
      refused,
      post: () => {},
    }
    const show = (event: EngineEvent): void => {
      if (event.type === 'blocks')
        for (const [id, view] of event.changes) if (id === BLOCK) self.view = view
      if (event.type === 'refused') refused.push(event.message)
    }
    const layer = rebase ? textRebase((c) => toWorker.push(c), show) : undefined
    engine.subscribe((event) => {
      if (event.type === 'local_ops') ops.push(...event.envelopes)
      toMain.push(event)
    })
    Object.assign(self, {
      post: (command: EngineCommand) => (layer ? layer.post(command) : toWorker.push(command)),
      receive: (event: EngineEvent) => (layer ? layer.receive(event) : show(event)),
    })
    engine.post({
      type: 'load',
      snapshot: snapshot.slice(),
      identity: { replica, user: name, session: name },
      replay: [],
    })
    self.post({ type: 'watch', what: 'block', id: BLOCK, on: true })
    return self
  }
  return [peer('a', 1), peer('b', 2)] as const
}

const plain = (view: BlockView | undefined): string =>
  (view?.text ?? []).map((r) => r.insert).join('')

/** Delivers up to `n` queued messages of a peer, each way. */
const deliver = (peer: Peer, n: number): void => {
  for (let i = 0; i < n && peer.toWorker.length > 0; i++) peer.engine.post(peer.toWorker.shift()!)
  for (let i = 0; i < n && peer.toMain.length > 0; i++)
    (peer as unknown as { receive(e: EngineEvent): void }).receive(peer.toMain.shift()!)
}

const exchange = (from: Peer, to: Peer): void => {
  if (from.ops.length === 0) return
  to.post({ type: 'apply', envelopes: from.ops.splice(0) })
}

/**
 * Both users type their word at the end of their own field ("a=…;" and "b=…;"), a keystroke
 * at a time, while the schedule delivers messages late and in bursts.
 */
const typeConcurrently = (p: Prng, rebase: boolean) => {
  const peers = setup('a=; b=;', rebase)
  for (const peer of peers) deliver(peer, 10)
  const words = { a: 'alphabet', b: 'bookshelf' }
  const typed = { a: 0, b: 0 }
  for (let step = 0; step < 400; step++) {
    const peer = peers[int(p, 0, 1)]!
    const name = peer.name as 'a' | 'b'
    const roll = p.next()
    if (roll < 0.35 && typed[name] < words[name].length) {
      // the keystroke, placed from what the view shows now: before the field's ';'
      const text = plain(peer.view)
      const at = text.indexOf(';', text.indexOf(`${name}=`))
      peer.post({
        type: 'edit',
        edit: {
          kind: 'edit_text',
          block: BLOCK,
          delta: [{ retain: at }, { insert: words[name][typed[name]++]! }],
        },
      })
    } else if (roll < 0.75) deliver(peer, int(p, 1, 3))
    else exchange(peer, peers[peer === peers[0] ? 1 : 0]!)
  }
  // everything settles
  for (let round = 0; round < 50; round++)
    for (const peer of peers) {
      exchange(peer, peers[peer === peers[0] ? 1 : 0]!)
      deliver(peer, 1000)
    }
  return { peers, words }
}

describe(`text edits made on the main thread, applied later in the engine (seed ${SEED})`, () => {
  it('two users typing into one paragraph keep their words whole, and every view agrees', async () => {
    console.log(`text-rebase seed ${SEED} (replay: SEED=${SEED})`)
    const p = createPrng(SEED)
    for (let run = 0; run < 20; run++) {
      const { peers, words } = typeConcurrently(p, true)
      const [a, b] = peers
      const engineText = async (peer: Peer) =>
        (await peer.engine.query({ type: 'canonical' }))!.root[0]!.text.map((r) => r.insert).join(
          '',
        )
      expect(await engineText(a)).toBe(`a=${words.a}; b=${words.b};`)
      expect(await engineText(b)).toBe(`a=${words.a}; b=${words.b};`)
      expect(plain(a.view)).toBe(`a=${words.a}; b=${words.b};`)
      expect(plain(b.view)).toBe(`a=${words.a}; b=${words.b};`)
      expect([...a.refused, ...b.refused]).toEqual([])
    }
  })

  it('without the rebase, the same typing scrambles the words (what the layer fixes)', () => {
    const p = createPrng(SEED)
    const scrambled = Array.from({ length: 20 }, () => typeConcurrently(p, false)).filter(
      ({ peers, words }) => plain(peers[0].view) !== `a=${words.a}; b=${words.b};`,
    )
    expect(scrambled.length).toBeGreaterThan(0)
  })
})

describe('the client states (ot.js Client)', () => {
  it('Synchronized sends; AwaitingConfirm buffers; the ack sends the buffer', () => {
    const client = { rev: 4 }
    expect(localEdit(client, [{ insert: 'a' }])).toEqual([{ insert: 'a' }])
    expect(localEdit(client, [{ retain: 1 }, { insert: 'b' }])).toBeUndefined()
    expect(localEdit(client, [{ retain: 2 }, { insert: 'c' }])).toBeUndefined()
    expect(acknowledged(client)).toEqual([{ retain: 1 }, { insert: 'bc' }])
    expect(client.rev).toBe(5)
    expect(acknowledged(client)).toBeUndefined()
    expect(client).toMatchObject({ rev: 6, sent: undefined, buffer: undefined })
  })

  it('a remote change is rebased over the edits in flight and buffered, and they over it', () => {
    // the text was "xy"; sent: "a" at 0; buffered: "b" at 2 (after "ax")
    const client = { rev: 0 }
    localEdit(client, [{ insert: 'a' }])
    localEdit(client, [{ retain: 2 }, { insert: 'b' }])
    // elsewhere: "R" at 1 (between x and y)
    const shown = remoteChange(client, [{ retain: 1 }, { insert: 'R' }])
    // the mirror "axby" becomes "axbRy": R sits between x and y, after b (local edits win ties)
    expect(shown).toEqual([{ retain: 3 }, { insert: 'R' }])
    expect(client).toMatchObject({
      rev: 1,
      sent: [{ insert: 'a' }],
      buffer: [{ retain: 2 }, { insert: 'b' }],
    })
  })
})

describe("the engine's text log", () => {
  it('an edit naming a revision from before a load is refused, and the block is sent whole again', () => {
    const seed = new DocumentReplica({ replica: 9 })
    seed.insertBlock({ id: BLOCK, parent: ROOT_ID, type: 'paragraph', text: 'hello' })
    const snapshot = seed.encodeSnapshot()
    const engine = new InlineEngine()
    const events: EngineEvent[] = []
    engine.subscribe((event) => events.push(event))
    const identity = { replica: 3, user: 'u', session: 's' }
    engine.post({ type: 'load', snapshot: snapshot.slice(), identity, replay: [] })
    engine.post({ type: 'watch', what: 'block', id: BLOCK, on: true })
    const pushes = () =>
      events.flatMap((e) => (e.type === 'blocks' ? e.changes.filter(([id]) => id === BLOCK) : []))
    const before = pushes().at(-1)![2]!
    expect(before.changes).toBeUndefined()
    // an edit at the current revision is acknowledged under its seq
    engine.post({
      type: 'edit',
      edit: {
        kind: 'edit_text',
        block: BLOCK,
        delta: [{ insert: '>' }],
        revision: before.revision,
        seq: 7,
      },
    })
    expect(pushes().at(-1)![2]).toEqual({
      revision: before.revision + 1,
      changes: [{ delta: [{ insert: '>' }], seq: 7 }],
    })
    engine.post({ type: 'load', snapshot: snapshot.slice(), identity, replay: [] })
    const reloaded = pushes().at(-1)![2]!
    expect(reloaded.changes).toBeUndefined()
    expect(reloaded.revision).toBeGreaterThan(before.revision + 1)
    engine.post({
      type: 'edit',
      edit: {
        kind: 'edit_text',
        block: BLOCK,
        delta: [{ insert: '!' }],
        revision: before.revision + 1,
        seq: 8,
      },
    })
    expect(events.at(-2)).toMatchObject({ type: 'refused', code: 'invalid_edit' })
    expect(pushes().at(-1)).toEqual([
      BLOCK,
      expect.objectContaining({ text: [{ insert: 'hello' }] }),
      { revision: reloaded.revision },
    ])
  })
})
