/**
 * What the simulated users do: single random operations of every kind, and conflict scenarios
 * that run the same situation on several replicas before any of them hears of the others —
 * cycle-forming moves (2- and 3-cycles), delete against edit, racing restores from the trash,
 * split against typing in the tail, merge against typing in `from`, property and formatting
 * races. The block pool is kept small so that unplanned collisions happen too.
 *
 * Marker text: the split/merge scenarios type a unique `<M…>` into a *protected* block. Protected
 * blocks sit under root, are never deleted or moved by the workload, and only merge into other
 * protected blocks, so every marker must still be in some live block after sync (SPLIT-1,
 * MERGE-2: text typed concurrently never vanishes). No workload op cuts through a marker it sees.
 */
import { type BlockId, ROOT_ID } from '../../src/ids.js'
import type { Envelope, PropValue } from '../../src/ops.js'
import type { SimReplica } from './contract.js'
import { bool, int, type Prng, pick, shuffle, weighted, word } from './prng.js'
import {
  isAncestorOrSelf,
  liveBlocks,
  safeDeleteLength,
  safeOffsets,
  trashedBlocks,
} from './view.js'

export interface Peer {
  readonly index: number
  readonly replicaId: number
  readonly replica: SimReplica
}

export interface MarkerRecord {
  readonly block: BlockId
  readonly scenario: string
  readonly step: number
  readonly by: number
}

export interface World {
  readonly prng: Prng
  readonly peers: readonly Peer[]
  readonly protectedBlocks: Set<BlockId>
  readonly markers: Map<string, MarkerRecord>
  readonly step: number
  /** Runs one local op on a peer; the simulator records, broadcasts and checks invariants. */
  act(peer: Peer, what: string, run: (r: SimReplica) => Envelope): Envelope
  /** Counts a scenario that ran. */
  count(what: string): void
}

export const TEXT_TYPES = ['paragraph', 'heading', 'list_item', 'quote', 'code'] as const
const PROP_KEYS = ['level', 'checked', 'color', 'language'] as const
const PROP_VALUES: readonly PropValue[] = [
  1,
  2,
  3,
  true,
  false,
  null,
  'red',
  'blue',
  'ts',
  [1, 'two'],
  { a: 1, b: [true] },
]
const FORMATS: ReadonlyArray<Record<string, unknown>> = [
  { bold: true },
  { bold: null },
  { italic: true },
  { italic: null },
  { color: 'red' },
  { color: 'blue' },
  { link: 'https://example.com/x' },
]
const INSERT_FORMATS = FORMATS.filter((f) => !Object.values(f).includes(null))

/** Above this many live blocks inserts get rare; below the floor they get common. */
const POOL_CEILING = 22
const POOL_FLOOR = 6

// markers are only ever added, so the map's size numbers them uniquely within a run
const newMarker = (w: World): string => `<M${w.markers.size + 1}>`

const unprotected = (w: World, ids: readonly BlockId[]): BlockId[] =>
  ids.filter((id) => !w.protectedBlocks.has(id))

const placeAfter = (
  w: World,
  r: SimReplica,
  parent: BlockId,
  not?: BlockId,
): BlockId | null | undefined => {
  const siblings = r.children(parent).filter((c) => c !== not)
  const x = int(w.prng, 0, 9)
  if (x < 3 || siblings.length === 0) return x < 1 ? null : undefined
  if (x < 4) return null
  return pick(w.prng, siblings)
}

const randomText = (w: World): string => {
  const s = word(w.prng, 1, 6)
  return bool(w.prng, 0.2) ? `${s} ` : s
}

// ---------------------------------------------------------------------------------------------
// single operations

const insert = (w: World, peer: Peer, parent?: BlockId): Envelope | undefined => {
  const r = peer.replica
  const live = liveBlocks(r)
  let at = parent
  if (at === undefined) {
    const x = int(w.prng, 0, 19)
    if (x < 10 || live.length === 0) at = ROOT_ID
    else if (x < 19) at = pick(w.prng, live)
    else {
      const trashed = trashedBlocks(r)
      at = trashed.length > 0 ? pick(w.prng, trashed) : ROOT_ID
    }
  }
  const after = placeAfter(w, r, at)
  const type = pick(w.prng, TEXT_TYPES)
  const props = bool(w.prng, 0.3)
    ? { [pick(w.prng, PROP_KEYS)]: pick(w.prng, PROP_VALUES) }
    : undefined
  const text = bool(w.prng, 0.6) ? randomText(w) : undefined
  return w.act(peer, 'insert_block', (x) =>
    x.insertBlock({
      parent: at,
      ...(after === undefined ? {} : { after }),
      type,
      ...(props === undefined ? {} : { props }),
      ...(text === undefined ? {} : { text }),
    }),
  )
}

const remove = (w: World, peer: Peer, block?: BlockId): Envelope | undefined => {
  const candidates = unprotected(w, liveBlocks(peer.replica))
  const target = block ?? (candidates.length > 0 ? pick(w.prng, candidates) : undefined)
  if (target === undefined) return undefined
  return w.act(peer, 'delete_block', (r) => r.deleteBlock(target))
}

/** A parent for `block` that does not create a cycle in this replica's view. */
const validParent = (w: World, r: SimReplica, block: BlockId, preferLive = true): BlockId => {
  const options = liveBlocks(r).filter((p) => !isAncestorOrSelf(r, block, p))
  if (options.length === 0 || (preferLive && bool(w.prng, 0.4))) return ROOT_ID
  return pick(w.prng, options)
}

const move = (w: World, peer: Peer, block?: BlockId, parent?: BlockId): Envelope | undefined => {
  const r = peer.replica
  const candidates = unprotected(
    w,
    bool(w.prng, 0.8) ? liveBlocks(r) : [...liveBlocks(r), ...trashedBlocks(r)],
  )
  const target = block ?? (candidates.length > 0 ? pick(w.prng, candidates) : undefined)
  if (target === undefined) return undefined
  const to = parent ?? validParent(w, r, target)
  if (isAncestorOrSelf(r, target, to)) return undefined
  const after = placeAfter(w, r, to, target)
  return w.act(peer, 'move_block', (x) =>
    x.moveBlock(target, { parent: to, ...(after === undefined ? {} : { after }) }),
  )
}

const restore = (w: World, peer: Peer, block?: BlockId): Envelope | undefined => {
  const r = peer.replica
  const trashed = unprotected(w, trashedBlocks(r))
  const target = block ?? (trashed.length > 0 ? pick(w.prng, trashed) : undefined)
  if (target === undefined) return undefined
  return move(w, peer, target, validParent(w, r, target))
}

const split = (w: World, peer: Peer, block?: BlockId, offset?: number): Envelope | undefined => {
  const r = peer.replica
  const candidates = liveBlocks(r).filter((b) => r.text(b).length > 0)
  const target = block ?? (candidates.length > 0 ? pick(w.prng, candidates) : undefined)
  if (target === undefined) return undefined
  const at = offset ?? pick(w.prng, safeOffsets(r.text(target)))
  const env = w.act(peer, 'split_block', (x) => x.splitBlock(target, at))
  if (env.op.kind === 'split_block' && w.protectedBlocks.has(target))
    w.protectedBlocks.add(env.op.newBlock)
  return env
}

/** Adjacent siblings (into, from) under one parent, as this replica sees them. */
const adjacentPairs = (
  w: World,
  r: SimReplica,
  onlyProtected: boolean,
): Array<[BlockId, BlockId]> => {
  const pairs: Array<[BlockId, BlockId]> = []
  for (const parent of [ROOT_ID, ...liveBlocks(r)]) {
    const kids = r.children(parent)
    for (let i = 0; i + 1 < kids.length; i++) {
      const into = kids[i]!
      const from = kids[i + 1]!
      const pInto = w.protectedBlocks.has(into)
      const pFrom = w.protectedBlocks.has(from)
      if (onlyProtected ? pInto && pFrom : !pFrom || pInto) pairs.push([into, from])
    }
  }
  return pairs
}

const merge = (w: World, peer: Peer, pair?: [BlockId, BlockId]): Envelope | undefined => {
  const pairs = adjacentPairs(w, peer.replica, false)
  const chosen = pair ?? (pairs.length > 0 ? pick(w.prng, pairs) : undefined)
  if (chosen === undefined) return undefined
  const [into, from] = chosen
  return w.act(peer, 'merge_blocks', (r) => r.mergeBlocks(into, from))
}

const textTarget = (w: World, r: SimReplica, nonEmpty: boolean): BlockId | undefined => {
  const pool = bool(w.prng, 0.9) ? liveBlocks(r) : [...liveBlocks(r), ...trashedBlocks(r)]
  const candidates = nonEmpty ? pool.filter((b) => r.text(b).length > 0) : pool
  return candidates.length > 0 ? pick(w.prng, candidates) : undefined
}

const typeText = (
  w: World,
  peer: Peer,
  block?: BlockId,
  text?: string,
  index?: number,
): Envelope | undefined => {
  const r = peer.replica
  const target = block ?? textTarget(w, r, false)
  if (target === undefined) return undefined
  const at = index ?? pick(w.prng, safeOffsets(r.text(target)))
  const content = text ?? randomText(w)
  // copies: Yjs writes into the attributes object it is given (it nulls inherited keys)
  const attributes = bool(w.prng, 0.15) ? { ...pick(w.prng, INSERT_FORMATS) } : undefined
  return w.act(peer, 'insert_text', (x) => x.insertText(target, at, content, attributes))
}

const eraseText = (w: World, peer: Peer, block?: BlockId): Envelope | undefined => {
  const r = peer.replica
  const target = block ?? textTarget(w, r, true)
  if (target === undefined) return undefined
  const text = r.text(target)
  const starts = safeOffsets(text).filter((i) => i < text.length && safeDeleteLength(text, i) > 0)
  if (starts.length === 0) return undefined
  const start = pick(w.prng, starts)
  const length = int(w.prng, 1, Math.min(6, safeDeleteLength(text, start)))
  return w.act(peer, 'delete_text', (x) => x.deleteText(target, start, length))
}

const format = (
  w: World,
  peer: Peer,
  block?: BlockId,
  range?: [number, number],
): Envelope | undefined => {
  const r = peer.replica
  const target = block ?? textTarget(w, r, true)
  if (target === undefined) return undefined
  const length = r.text(target).length
  if (length === 0) return undefined
  const start = range?.[0] ?? int(w.prng, 0, length - 1)
  const len = range?.[1] ?? int(w.prng, 1, length - start)
  if (start + len > length || len <= 0) return undefined
  const attributes = { ...pick(w.prng, FORMATS) }
  return w.act(peer, 'format_text', (x) => x.formatText(target, start, len, attributes))
}

const setProperty = (
  w: World,
  peer: Peer,
  block?: BlockId,
  key?: string,
  value?: PropValue,
): Envelope | undefined => {
  const r = peer.replica
  const pool = bool(w.prng, 0.9) ? liveBlocks(r) : [...liveBlocks(r), ...trashedBlocks(r)]
  const target = block ?? (pool.length > 0 ? pick(w.prng, pool) : undefined)
  if (target === undefined) return undefined
  const k = key ?? pick(w.prng, PROP_KEYS)
  const v = value === undefined ? pick(w.prng, PROP_VALUES) : value
  return w.act(peer, 'set_property', (x) => x.setProperty(target, k, v))
}

// ---------------------------------------------------------------------------------------------
// conflict scenarios: several replicas act before any of them hears of the others

const peersFor = (w: World, n: number): Peer[] => shuffle(w.prng, [...w.peers]).slice(0, n)

/** Blocks live (and unprotected) on every one of `peers`. */
const sharedLive = (w: World, peers: readonly Peer[]): BlockId[] => {
  let shared = unprotected(w, liveBlocks(peers[0]!.replica))
  for (const p of peers.slice(1)) {
    const live = new Set(liveBlocks(p.replica))
    shared = shared.filter((b) => live.has(b))
  }
  return shared
}

const unrelatedEverywhere = (peers: readonly Peer[], blocks: readonly BlockId[]): boolean =>
  peers.every((p) =>
    blocks.every((a) => blocks.every((b) => a === b || !isAncestorOrSelf(p.replica, a, b))),
  )

/** MOVE-1: A under B on one replica, B under A on another. */
const cycle2 = (w: World): boolean => {
  const peers = peersFor(w, 2)
  const shared = sharedLive(w, peers)
  for (let attempt = 0; attempt < 8 && shared.length >= 2; attempt++) {
    const [a, b] = shuffle(w.prng, [...shared]) as [BlockId, BlockId]
    if (!unrelatedEverywhere(peers, [a, b])) continue
    move(w, peers[0]!, a, b)
    move(w, peers[1]!, b, a)
    return true
  }
  return false
}

/** MOVE-1: A→B, B→C, C→A on three replicas. */
const cycle3 = (w: World): boolean => {
  const peers = peersFor(w, 3)
  const shared = sharedLive(w, peers)
  for (let attempt = 0; attempt < 8 && shared.length >= 3; attempt++) {
    const [a, b, c] = shuffle(w.prng, [...shared]) as [BlockId, BlockId, BlockId]
    if (!unrelatedEverywhere(peers, [a, b, c])) continue
    move(w, peers[0]!, a, b)
    move(w, peers[1]!, b, c)
    move(w, peers[2]!, c, a)
    return true
  }
  return false
}

/** MOVE-2: the same block moved to different places on 2–3 replicas. */
const moveRace = (w: World): boolean => {
  const peers = peersFor(w, int(w.prng, 2, 3))
  const shared = sharedLive(w, peers)
  if (shared.length === 0) return false
  const block = pick(w.prng, shared)
  for (const p of peers) move(w, p, block)
  return true
}

/** MOVE-3: one replica deletes a block while another edits it, moves it or inserts under it. */
const deleteVersusEdit = (w: World): boolean => {
  const peers = peersFor(w, 2)
  const shared = sharedLive(w, peers)
  if (shared.length === 0) return false
  const block = pick(w.prng, shared)
  const [deleter, editor] = peers as [Peer, Peer]
  remove(w, deleter, block)
  switch (int(w.prng, 0, 5)) {
    case 0:
      typeText(w, editor, block)
      break
    case 1:
      move(w, editor, block)
      break
    case 2:
      insert(w, editor, block)
      break
    case 3:
      setProperty(w, editor, block)
      break
    case 4:
      if (editor.replica.text(block).length > 0) format(w, editor, block)
      else typeText(w, editor, block)
      break
    default:
      if (editor.replica.text(block).length > 0) split(w, editor, block)
      else remove(w, editor, block)
      break
  }
  return true
}

/** Moves out of the trash: racing restores (MOVE-2), or a restore racing an edit. */
const restoreRace = (w: World): boolean => {
  const peers = peersFor(w, 2)
  const inTrash = new Set(trashedBlocks(peers[1]!.replica))
  const shared = unprotected(w, trashedBlocks(peers[0]!.replica)).filter((b) => inTrash.has(b))
  if (shared.length === 0) return false
  const block = pick(w.prng, shared)
  restore(w, peers[0]!, block)
  if (bool(w.prng, 0.6)) restore(w, peers[1]!, block)
  else typeText(w, peers[1]!, block)
  return true
}

const protectedShared = (w: World, peers: readonly Peer[]): BlockId[] => {
  const sets = peers.map((p) => new Set(liveBlocks(p.replica)))
  return [...w.protectedBlocks].filter((b) => sets.every((s) => s.has(b)))
}

const typeMarker = (
  w: World,
  peer: Peer,
  block: BlockId,
  scenario: string,
  minIndex: number,
): void => {
  const marker = newMarker(w)
  const offsets = safeOffsets(peer.replica.text(block))
  const tail = offsets.filter((i) => i >= minIndex)
  typeText(w, peer, block, marker, pick(w.prng, tail.length > 0 ? tail : offsets))
  w.markers.set(marker, { block, scenario, step: w.step, by: peer.index })
}

/** SPLIT-1: one replica splits a block while another types into what becomes the tail. */
const splitVersusType = (w: World): boolean => {
  const peers = peersFor(w, bool(w.prng, 0.3) ? 3 : 2)
  const candidates = protectedShared(w, peers).filter((b) => peers[0]!.replica.text(b).length >= 2)
  if (candidates.length === 0) return false
  const block = pick(w.prng, candidates)
  const offsets = safeOffsets(peers[0]!.replica.text(block)).filter((i) => i > 0)
  const offset = pick(w.prng, offsets)
  split(w, peers[0]!, block, offset)
  typeMarker(w, peers[1]!, block, 'split_vs_type', offset)
  // a third replica sometimes splits the same block elsewhere (the overlap anomaly)
  if (peers[2] !== undefined) {
    if (bool(w.prng, 0.5)) split(w, peers[2], block)
    else typeMarker(w, peers[2], block, 'split_vs_type', 0)
  }
  return true
}

/** MERGE-2: one replica merges `from` into `into` while another types into `from`. */
const mergeVersusType = (w: World): boolean => {
  const peers = peersFor(w, 2)
  const [merger, typist] = peers as [Peer, Peer]
  const typistLive = new Set(liveBlocks(typist.replica))
  const pairs = adjacentPairs(w, merger.replica, true).filter(([, from]) => typistLive.has(from))
  if (pairs.length === 0) return false
  const pair = pick(w.prng, pairs)
  merge(w, merger, pair)
  typeMarker(w, typist, pair[1], 'merge_vs_type', 0)
  // blocks inserted under `from` concurrently must end up under `into`
  if (bool(w.prng, 0.3)) insert(w, typist, pair[1])
  return true
}

/** PROP-1: the same key set to different values on 2–4 replicas. */
const propertyRace = (w: World): boolean => {
  const peers = peersFor(w, int(w.prng, 2, 4))
  const shared = [...sharedLive(w, peers), ...protectedShared(w, peers)]
  if (shared.length === 0) return false
  const block = pick(w.prng, shared)
  const key = pick(w.prng, PROP_KEYS)
  for (const [i, p] of peers.entries()) {
    setProperty(w, p, block, key, i === 0 ? null : pick(w.prng, PROP_VALUES))
  }
  return true
}

/** TEXT-1: overlapping formatting (and typing) on 2–3 replicas. */
const formatRace = (w: World): boolean => {
  const peers = peersFor(w, int(w.prng, 2, 3))
  const shared = [...sharedLive(w, peers), ...protectedShared(w, peers)].filter((b) =>
    peers.every((p) => p.replica.text(b).length >= 2),
  )
  if (shared.length === 0) return false
  const block = pick(w.prng, shared)
  for (const p of peers) {
    if (bool(w.prng, 0.8)) format(w, p, block)
    else typeText(w, p, block)
  }
  return true
}

/** MOVE-4 and position jitter: concurrent inserts at the same place. */
const insertRace = (w: World): boolean => {
  const peers = peersFor(w, int(w.prng, 2, 3))
  const shared = sharedLive(w, peers)
  const parent = shared.length > 0 && bool(w.prng, 0.4) ? pick(w.prng, shared) : ROOT_ID
  const siblings = peers[0]!.replica.children(parent)
  const after = siblings.length > 0 && bool(w.prng, 0.7) ? pick(w.prng, siblings) : null
  for (const p of peers) {
    const seen = p.replica.children(parent).includes(after ?? '')
    w.act(p, 'insert_block', (r) =>
      r.insertBlock({
        parent,
        after: after !== null && seen ? after : null,
        type: 'paragraph',
        text: randomText(w),
      }),
    )
  }
  return true
}

/** Concurrent merges touching the same blocks (same pair twice, or a chain). */
const mergeRace = (w: World): boolean => {
  const peers = peersFor(w, 2)
  const pairs = adjacentPairs(w, peers[0]!.replica, false)
  if (pairs.length === 0) return false
  const pair = pick(w.prng, pairs)
  merge(w, peers[0]!, pair)
  const other = adjacentPairs(w, peers[1]!.replica, false).filter(
    ([into, from]) => into === pair[0] || into === pair[1] || from === pair[0] || from === pair[1],
  )
  if (other.length > 0) merge(w, peers[1]!, pick(w.prng, other))
  return true
}

/** CREATE-1: two or three replicas create a block with the same id, in different places. */
const duplicateCreate = (w: World): boolean => {
  const peers = peersFor(w, int(w.prng, 2, 3))
  const id = `dup${w.step}x${int(w.prng, 0, 9999)}`
  for (const p of peers) {
    const live = liveBlocks(p.replica)
    const parent = live.length > 0 && bool(w.prng, 0.5) ? pick(w.prng, live) : ROOT_ID
    const type = pick(w.prng, TEXT_TYPES)
    const props = { [pick(w.prng, PROP_KEYS)]: pick(w.prng, PROP_VALUES) }
    const text = randomText(w)
    w.act(p, 'insert_block', (r) => r.insertBlock({ parent, id, type, props, text }))
  }
  return true
}

const SCENARIOS = {
  cycle2,
  cycle3,
  moveRace,
  deleteVersusEdit,
  restoreRace,
  splitVersusType,
  mergeVersusType,
  propertyRace,
  formatRace,
  insertRace,
  mergeRace,
  duplicateCreate,
} as const

const SINGLE = {
  insert: (w: World, p: Peer) => insert(w, p),
  remove: (w: World, p: Peer) => remove(w, p),
  move: (w: World, p: Peer) => move(w, p),
  restore: (w: World, p: Peer) => restore(w, p),
  split: (w: World, p: Peer) => split(w, p),
  merge: (w: World, p: Peer) => merge(w, p),
  typeText: (w: World, p: Peer) => typeText(w, p),
  eraseText: (w: World, p: Peer) => eraseText(w, p),
  format: (w: World, p: Peer) => format(w, p),
  setProperty: (w: World, p: Peer) => setProperty(w, p),
} as const

type Action = keyof typeof SCENARIOS | keyof typeof SINGLE

const weights = (live: number): Record<Action, number> => ({
  insert: live < POOL_FLOOR ? 40 : live > POOL_CEILING ? 2 : 12,
  remove: live > POOL_CEILING ? 12 : 5,
  move: 10,
  restore: 4,
  split: live > POOL_CEILING ? 2 : 6,
  merge: live > POOL_CEILING ? 10 : 5,
  typeText: 16,
  eraseText: 8,
  format: 6,
  setProperty: 8,
  cycle2: 3,
  cycle3: 2,
  moveRace: 3,
  deleteVersusEdit: 4,
  restoreRace: 3,
  splitVersusType: 3,
  mergeVersusType: 3,
  propertyRace: 3,
  formatRace: 2,
  insertRace: 2,
  mergeRace: 2,
  duplicateCreate: 1,
})

/** One workload step: a single op on a random replica, or a conflict scenario. */
export const randomAction = (w: World): void => {
  const peer = pick(w.prng, w.peers)
  const action = weighted(w.prng, weights(liveBlocks(peer.replica).length))
  if (action in SCENARIOS) {
    const ran = SCENARIOS[action as keyof typeof SCENARIOS](w)
    if (ran) {
      w.count(action)
      return
    }
  } else {
    const env = SINGLE[action as keyof typeof SINGLE](w, peer)
    if (env !== undefined) return
  }
  // nothing to do for that choice (e.g. empty trash): type or insert instead
  if (typeText(w, peer) === undefined) insert(w, peer)
}

/** The opening: replica 0 writes a few blocks, some of them protected marker blocks. */
export const seedDocument = (w: World): void => {
  const author = w.peers[0]!
  const count = int(w.prng, 4, 8)
  for (let i = 0; i < count; i++) {
    const env = w.act(author, 'insert_block', (r) =>
      r.insertBlock({
        parent: ROOT_ID,
        type: pick(w.prng, TEXT_TYPES),
        text: `${word(w.prng, 3, 8)} ${word(w.prng, 3, 8)}`,
      }),
    )
    if (env.op.kind === 'insert_block' && i % 2 === 0) w.protectedBlocks.add(env.op.block)
  }
}
