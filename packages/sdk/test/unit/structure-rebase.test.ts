/**
 * The worker engine's structure rebasing, without a browser: the rebase layer (rebase.ts, the
 * main thread) in front of an inline engine (the worker) behind message queues that a seeded
 * schedule delivers late and in bursts. Each structure edit is computed from the child lists
 * and parents the room shows at that moment (as an app computes Alt+↑ from them); a reference
 * engine gets every edit at once. What the room shows must always be what the reference has:
 * the edits not yet handled are replayed exactly as the engine will apply them.
 *
 *   SEED=7 npx vitest run test/unit/structure-rebase     replay a seed (DEBUG=1 lists the edits)
 */
import { type BlockId, DocumentReplica, ROOT_ID } from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import type { BlockView, EngineCommand, EngineEvent, LocalEdit } from '../../src/engine/engine.js'
import { InlineEngine } from '../../src/engine/inline-engine.js'
import { rebase } from '../../src/engine/rebase.js'
import { createPrng, int, type Prng, seedFromEnv } from '../support/prng.js'

const SEED = seedFromEnv(1)

/** What the room's mirror holds: the lists and views pushed to it. */
interface Shown {
  readonly children: Map<BlockId, readonly BlockId[]>
  readonly blocks: Map<BlockId, BlockView | undefined>
}

const showInto =
  (shown: Shown) =>
  (event: EngineEvent): void => {
    if (event.type === 'children')
      for (const [id, ids] of event.changes) shown.children.set(id, ids)
    if (event.type === 'blocks') for (const [id, view] of event.changes) shown.blocks.set(id, view)
  }

/** h, alpha, beta, a list of three items, gamma, a quote holding one paragraph. */
const seedSnapshot = (): Uint8Array => {
  const r = new DocumentReplica({ replica: 9, user: 'seed' })
  const add = (id: string, parent: string, type: string, text?: string) =>
    r.insertBlock({ id, parent, type, ...(text === undefined ? {} : { text }) })
  add('h', ROOT_ID, 'heading', 'Notes')
  add('alpha', ROOT_ID, 'paragraph', 'Alpha paragraph.')
  add('beta', ROOT_ID, 'paragraph', 'Beta paragraph.')
  add('list', ROOT_ID, 'bullet_list')
  for (const item of ['one', 'two', 'three']) add(item, 'list', 'list_item', `item ${item}`)
  add('gamma', ROOT_ID, 'paragraph', 'Gamma paragraph.')
  add('quote', ROOT_ID, 'blockquote')
  add('q1', 'quote', 'paragraph', 'Quoted.')
  return r.encodeSnapshot()
}

const IDENTITY = { replica: 1, user: 'a', session: 'a' }

/** The room's side of a worker engine whose messages the test delivers. */
const workerPeer = (snapshot: Uint8Array) => {
  const engine = new InlineEngine()
  const toWorker: Array<EngineCommand | (() => void)> = []
  const toMain: Array<EngineEvent | (() => void)> = []
  const shown: Shown = { children: new Map(), blocks: new Map() }
  const refused: string[] = []
  engine.subscribe((event) => toMain.push(event))
  const layer = rebase(
    (command) => toWorker.push(command),
    (event) => {
      if (event.type === 'refused') refused.push(event.message)
      showInto(shown)(event)
    },
    () => new Promise<void>((resolve) => toWorker.push(resolve)),
  )
  engine.post({ type: 'load', snapshot: snapshot.slice(), identity: IDENTITY, replay: [] })
  /** Delivers up to `n` queued messages each way (a flush is answered in order). */
  const deliver = async (n: number): Promise<void> => {
    for (let i = 0; i < n && toWorker.length > 0; i++) {
      const next = toWorker.shift()!
      if (typeof next === 'function') toMain.push(next)
      else engine.post(next)
    }
    for (let i = 0; i < n && toMain.length > 0; i++) {
      const next = toMain.shift()!
      if (typeof next === 'function') next()
      else layer.receive(next)
      await null // the flush's handler runs before the next message, as after a worker message
    }
  }
  const drain = async (): Promise<void> => {
    while (toWorker.length > 0 || toMain.length > 0) await deliver(1000)
  }
  return { post: layer.post, deliver, drain, shown, refused, idle: layer.idle }
}

/** An engine that gets every edit at once: what the room should show. */
const referencePeer = (snapshot: Uint8Array) => {
  const engine = new InlineEngine()
  const shown: Shown = { children: new Map(), blocks: new Map() }
  engine.subscribe(showInto(shown))
  engine.post({ type: 'load', snapshot: snapshot.slice(), identity: IDENTITY, replay: [] })
  return { post: (command: EngineCommand) => engine.post(command), shown, engine }
}

const ALL = ['h', 'alpha', 'beta', 'list', 'one', 'two', 'three', 'gamma', 'quote', 'q1']

const setup = async () => {
  const snapshot = seedSnapshot()
  const worker = workerPeer(snapshot)
  const reference = referencePeer(snapshot)
  const watch = (id: BlockId): void => {
    for (const what of ['block', 'children'] as const) {
      const command: EngineCommand = { type: 'watch', what, id, on: true }
      worker.post(command)
      reference.post(command)
    }
  }
  for (const id of [ROOT_ID, ...ALL]) watch(id)
  await worker.drain()
  return { worker, reference, watch }
}

/** Alt+↑ as the playground computes it: after the sibling two places up. */
const moveUp = (shown: Shown, id: BlockId): LocalEdit | undefined => {
  const parent = shown.blocks.get(id)?.parent
  const siblings = parent === undefined ? [] : (shown.children.get(parent) ?? [])
  const index = siblings.indexOf(id)
  if (parent === undefined || index <= 0) return undefined
  return { kind: 'move_block', block: id, parent, after: siblings[index - 2] ?? null }
}

describe('structure edits made on the main thread, applied later in the worker', () => {
  it('two quick Alt+↑ move a block two places: the second reads the list the first made', async () => {
    const { worker } = await setup()
    for (let i = 0; i < 2; i++) worker.post({ type: 'edit', edit: moveUp(worker.shown, 'gamma')! })
    const twoUp = ['h', 'alpha', 'gamma', 'beta', 'list', 'quote']
    // shown at once, before the worker has handled either
    expect(worker.shown.children.get(ROOT_ID)).toEqual(twoUp)
    await worker.drain()
    expect(worker.shown.children.get(ROOT_ID)).toEqual(twoUp)
    expect(worker.idle()).toBe(true)
    expect(worker.refused).toEqual([])
  })

  it('a refused edit is shown until the worker refuses it, then undone', async () => {
    const { worker } = await setup()
    // a move under a block that does not exist: the room cannot know, the engine refuses it
    worker.post({ type: 'edit', edit: { kind: 'move_block', block: 'beta', parent: 'missing' } })
    expect(worker.shown.children.get(ROOT_ID)).not.toContain('beta')
    expect(worker.shown.blocks.get('beta')?.parent).toBe('missing')
    await worker.drain()
    expect(worker.refused).toHaveLength(1)
    expect(worker.shown.children.get(ROOT_ID)).toContain('beta')
    expect(worker.shown.blocks.get('beta')?.parent).toBe(ROOT_ID)
  })

  it(`random structure edits from what the room shows: it always shows what the engine will have (seed ${SEED})`, async () => {
    console.log(`structure-rebase seed ${SEED} (replay: SEED=${SEED})`)
    const p = createPrng(SEED)
    for (let run = 0; run < 20; run++) {
      const { worker, reference, watch } = await setup()
      let made = 0
      for (let step = 0; step < 120; step++) {
        if (p.next() < 0.45) {
          await worker.deliver(int(p, 1, 4))
        } else {
          const edit = randomEdit(p, worker.shown, () => `n${run}-${made++}`, reference.shown)
          if (edit === undefined) continue
          const command: EngineCommand = { type: 'edit', edit }
          if (process.env.DEBUG) console.log(`edit ${run}/${step}`, JSON.stringify(edit))
          worker.post(command)
          reference.post(command)
          if ('newBlock' in edit) watch(edit.newBlock)
          else if (edit.kind === 'insert_block') watch(edit.block)
        }
        // a new block's list and view show once the worker has pushed them (no guessing)
        const context = `run ${run}, step ${step} (SEED=${SEED})`
        expect(listsOf(worker.shown), context).toEqual(listsOf(reference.shown, worker.shown))
        expect(parentsOf(worker.shown), context).toEqual(parentsOf(reference.shown, worker.shown))
      }
      await worker.drain()
      expect(worker.idle()).toBe(true)
      expect(listsOf(worker.shown)).toEqual(listsOf(reference.shown))
      expect(worker.refused).toEqual([])
    }
  })
})

/** The lists shown, of the blocks `of` shows lists of (all by default). */
const listsOf = (shown: Shown, of = shown): Record<string, readonly BlockId[]> =>
  Object.fromEntries(
    [...shown.children]
      .filter(([id]) => of.children.has(id))
      .sort(([a], [b]) => a.localeCompare(b)),
  )

const parentsOf = (shown: Shown, of = shown): Record<string, BlockId | undefined> =>
  Object.fromEntries(
    [...shown.blocks]
      .filter(([id]) => of.blocks.has(id))
      .map(([id, view]) => [id, view?.parent])
      .sort(([a], [b]) => a!.localeCompare(b!)),
  )

/** Whether `id` is `ancestor` or under it, by the parents the room shows. */
const within = (shown: Shown, id: BlockId, ancestor: BlockId): boolean => {
  for (let at: BlockId | undefined = id; at !== undefined; at = shown.blocks.get(at)?.parent)
    if (at === ancestor) return true
  return false
}

/** An edit an app would make from what the room shows: every kind but text. */
const randomEdit = (
  p: Prng,
  shown: Shown,
  newId: () => BlockId,
  /** The tree as it will be, for ruling out cycles (which the engine refuses, as it should). */
  truth: Shown,
): LocalEdit | undefined => {
  const live = [...shown.blocks]
    .filter(([, view]) => view !== undefined && view.parent !== 'trash')
    .map(([id]) => id)
  if (live.length === 0) return undefined
  const block = live[int(p, 0, live.length - 1)]!
  const parent = shown.blocks.get(block)!.parent!
  const siblings = shown.children.get(parent) ?? []
  const containers = [ROOT_ID, ...live.filter((id) => !within(truth, id, block))]
  const target = containers[int(p, 0, containers.length - 1)]!
  const targetChildren = shown.children.get(target) ?? []
  const after = (): BlockId | null | undefined => {
    const roll = int(p, 0, targetChildren.length + 1)
    return roll === targetChildren.length
      ? null
      : roll > targetChildren.length
        ? undefined
        : targetChildren[roll]
  }
  switch (int(p, 0, 5)) {
    case 0:
      return moveUp(shown, block)
    case 1: {
      const a = after()
      return a === block ? undefined : { kind: 'move_block', block, parent: target, after: a }
    }
    case 2:
      return {
        kind: 'insert_block',
        block: newId(),
        parent: target,
        after: after(),
        type: 'paragraph',
        text: 'new',
      }
    case 3:
      return { kind: 'delete_block', block }
    case 4: {
      const text = shown.blocks
        .get(block)!
        .text.map((r) => r.insert)
        .join('')
      return text.length < 2
        ? undefined
        : { kind: 'split_block', block, offset: 1, newBlock: newId() }
    }
    default: {
      const index = siblings.indexOf(block)
      return index <= 0
        ? undefined
        : { kind: 'merge_blocks', into: siblings[index - 1]!, from: block }
    }
  }
}
