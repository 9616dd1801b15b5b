/** One realistic instance of every message and every durable op kind, for round trips and fuzz seeds. */
import { type Hlc, hlcToString } from '../../src/hlc.js'
import type { DurableOp, Envelope, Origin } from '../../src/ops.js'
import type { ClientMessage, ServerMessage } from '../../src/protocol/index.js'
import {
  ANCHOR,
  EDIT_UPDATE,
  FULL_TEXT_UPDATE,
  HEAD_AT_END,
  INSERT_TEXT,
  MERGE_FROM_STATE_VECTOR,
  MERGE_FROM_UPDATE,
  MERGE_INTO_UPDATE,
  SPLIT_HEAD_UPDATE,
  SPLIT_TAIL_TEXT,
  STATE_VECTOR,
} from './yjs-fixtures.js'

const T0 = 1_767_225_600_000
export const stamp = (counter: number, replica = 7): Hlc => ({ ms: T0 + counter, counter, replica })
export const opIdOf = (counter: number, replica = 7): string => hlcToString(stamp(counter, replica))

export const envelopeOf = (
  op: DurableOp,
  counter = 1,
  origin: Origin = { kind: 'user' },
): Envelope => {
  const hlc = stamp(counter)
  return { id: hlcToString(hlc), hlc, user: 'user-ada', session: 'sess-1', origin, op }
}

export const OPS: Record<DurableOp['kind'], DurableOp> = {
  insert_block: {
    kind: 'insert_block',
    block: 'blkHeading01',
    parent: 'root',
    key: 'a0V',
    blockType: 'heading',
    props: { level: 2, anchor: 'intro', meta: { tags: ['a', 'b'], ratio: 0.25 } },
    text: INSERT_TEXT,
  },
  delete_block: { kind: 'delete_block', block: 'blkHeading01', prev: opIdOf(1) },
  move_block: {
    kind: 'move_block',
    block: 'blkPara02',
    parent: 'blkList03',
    key: 'a1',
    prev: null,
  },
  split_block: {
    kind: 'split_block',
    block: 'blkPara02',
    newBlock: 'blkPara04',
    parent: 'root',
    key: 'a0k',
    blockType: 'paragraph',
    headUpdate: SPLIT_HEAD_UPDATE,
    tailText: SPLIT_TAIL_TEXT,
  },
  merge_blocks: {
    kind: 'merge_blocks',
    into: 'blkPara02',
    from: 'blkPara04',
    prev: opIdOf(3),
    intoUpdate: MERGE_INTO_UPDATE,
    fromUpdate: MERGE_FROM_UPDATE,
    fromStateVector: MERGE_FROM_STATE_VECTOR,
    children: [
      { block: 'blkChild05', key: 'a0', prev: null },
      { block: 'blkChild06', key: 'a1', prev: opIdOf(4) },
    ],
  },
  edit_text: { kind: 'edit_text', block: 'blkPara02', update: EDIT_UPDATE },
  set_property: { kind: 'set_property', block: 'blkTodo07', key: 'checked', value: true },
}

export const ENVELOPES: readonly Envelope[] = [
  ...Object.values(OPS).map((op, i) => envelopeOf(op, i + 1)),
  envelopeOf({ kind: 'set_property', block: 'blkPara02', key: 'type', value: 'quote' }, 20, {
    kind: 'agent',
    agent: 'agent:summarizer:doc-1',
    agentSession: 'run-42',
  }),
  { ...envelopeOf(OPS.edit_text, 21), deps: [opIdOf(1), opIdOf(2, 9)] },
]

export const USER = {
  id: 'user-ada',
  name: 'Ada Lovelace',
  color: '#e85d75',
  kind: 'human',
} as const

export const CLIENT_MESSAGES: Record<ClientMessage['type'], ClientMessage> = {
  hello: {
    type: 'hello',
    protocol: 1,
    docId: 'team/roadmap-2026',
    token: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
    replica: 0xdeadbeef,
    lastSeq: 1234,
    outbox: 3,
    presence: { name: 'Ada', cursor: null },
    client: '@markdownsync/sdk@0.1.0',
  },
  ops: { type: 'ops', envelopes: ENVELOPES },
  viewport: { type: 'viewport', blocks: ['blkHeading01', 'blkPara02', 'blkList03'] },
  cursor: { type: 'cursor', block: 'blkPara02', anchor: ANCHOR, head: HEAD_AT_END },
  cursor_clear: { type: 'cursor_clear' },
  presence: { type: 'presence', data: { status: 'typing', selection: [1, 4], idle: false } },
  catch_up_request: {
    type: 'catch_up_request',
    partitions: [
      { partition: 'p0', sinceSeq: 0 },
      { partition: 'p7', sinceSeq: 812, stateVectors: [{ block: 'blkPara02', sv: STATE_VECTOR }] },
    ],
  },
  event: { type: 'event', data: { kind: 'reaction', emoji: '🎉' } },
  ping: { type: 'ping', t: T0 },
}

export const SERVER_MESSAGES: Record<ServerMessage['type'], ServerMessage> = {
  welcome: {
    type: 'welcome',
    protocol: 1,
    session: 'sess-1',
    replica: 0xdeadbeef,
    user: USER,
    permissions: ['read', 'write', 'presence'],
    seq: 1240,
    partitionMapVersion: 17,
    serverTime: T0 + 5,
    resumed: true,
    heartbeatMs: 15_000,
  },
  ops: { type: 'ops', entries: ENVELOPES.map((envelope, i) => ({ seq: 1241 + i, envelope })) },
  ack: {
    type: 'ack',
    acks: [
      { opId: opIdOf(1), seq: 1241 },
      { opId: opIdOf(2), seq: 1242 },
    ],
  },
  reject: {
    type: 'reject',
    opId: opIdOf(3),
    code: 'concurrent_move',
    reason: 'Someone else moved this block first.',
  },
  outline: {
    type: 'outline',
    partitionMapVersion: 17,
    seq: 1240,
    partitions: [
      {
        id: 'p0',
        firstBlock: 'blkHeading01',
        blockCount: 120,
        seq: 1200,
        headings: [{ block: 'blkHeading01', level: 1, text: 'Roadmap 2026' }],
      },
      { id: 'p1', firstBlock: 'blkPara09', blockCount: 80, seq: 900, headings: [] },
    ],
  },
  subscribed: { type: 'subscribed', partitionMapVersion: 17, partitions: ['p0', 'p1'] },
  catch_up: {
    type: 'catch_up',
    partition: 'p0',
    fromSeq: 812,
    toSeq: 1240,
    content: {
      kind: 'blocks',
      blocks: [
        {
          id: 'blkPara02',
          parent: 'root',
          key: 'a0',
          lastMove: opIdOf(3),
          type: 'paragraph',
          typeStamp: opIdOf(1),
          props: [{ key: 'align', value: 'center', stamp: opIdOf(5) }],
          text: FULL_TEXT_UPDATE,
        },
        {
          id: 'blkOld10',
          parent: 'trash',
          key: 'a2',
          lastMove: null,
          type: 'image',
          typeStamp: opIdOf(2),
          props: [],
        },
      ],
    },
    done: true,
  },
  presence_diff: {
    type: 'presence_diff',
    joined: [
      {
        session: 'sess-2',
        user: { ...USER, id: 'agent:summarizer:doc-1', kind: 'agent' },
        presence: {},
      },
    ],
    updated: [{ session: 'sess-3', presence: { status: 'idle' } }],
    left: ['sess-4'],
  },
  cursor_batch: {
    type: 'cursor_batch',
    partition: 'p0',
    cursors: [{ session: 'sess-2', block: 'blkPara02', anchor: ANCHOR }],
    clusters: [{ block: 'blkHeading01', count: 37, colors: ['#e85d75', '#1f9d55'] }],
    removed: ['sess-5'],
  },
  event: {
    type: 'event',
    session: 'sess-2',
    user: 'user-bob',
    data: { kind: 'reaction', emoji: '👍' },
  },
  error: {
    type: 'error',
    code: 'rate_limited',
    message: 'slow down',
    fatal: false,
    retryAfterMs: 2_000,
  },
  pong: { type: 'pong', t: T0, serverTime: T0 + 3 },
  lagging: { type: 'lagging', seq: 1300, partitions: ['p0'] },
}

/** A catch-up that carries a partition snapshot instead of blocks. */
export const SNAPSHOT_CATCH_UP: ServerMessage = {
  type: 'catch_up',
  partition: 'p1',
  fromSeq: 0,
  toSeq: 1240,
  content: { kind: 'snapshot', snapshot: new Uint8Array([9, 8, 7, 6]) },
  done: false,
}
