/**
 * The wire schema: the layout of every envelope and message, field by field, in wire order.
 * The codec is driven by it and the schema-hash test pins it, so the bytes on the wire change
 * only when this file (or a primitive's encoding, listed in `PRIMITIVES`) changes — and then
 * `PROTOCOL_VERSION` must change too.
 *
 * A union is written as the index of its variant (varuint) followed by the variant's fields;
 * adding, removing or reordering variants, fields or enum values is a wire change.
 */

import type { Envelope } from '../ops.js'
import {
  bool,
  bytes,
  color,
  envelope,
  hlc,
  list,
  nullable,
  oneOf,
  opId,
  optional,
  prop,
  props,
  setOf,
  str,
  struct,
  uint,
  uint32,
  union,
  uniqueList,
} from './field.js'
import type { Infer, SameShape } from './infer.js'
import type { ClientMessage, ServerMessage } from './messages.js'
import { PERMISSIONS, REJECT_CODES, SERVER_ERROR_CODES, USER_KINDS } from './messages.js'

const blockId = () => str('block_id', 'maxIdBytes')
const partitionId = () => str('partition_id', 'maxIdBytes')
const positionKey = () => str('position_key', 'maxPositionKeyBytes')
const blockType = () => str('block_type', 'maxIdBytes')
const id = () => str('id', 'maxIdBytes')
const seq = () => uint()
const yjsUpdate = () => bytes('yjs_update', 'maxYjsUpdateBytes')
const relativePosition = () => bytes('yjs_relative_position', 'maxRelativePositionBytes')

const DURABLE_OP = union('kind', {
  insert_block: struct({
    block: blockId(),
    parent: blockId(),
    key: positionKey(),
    blockType: blockType(),
    props: optional(props()),
    text: optional(yjsUpdate()),
  }),
  delete_block: struct({ block: blockId(), prev: nullable(opId()) }),
  move_block: struct({
    block: blockId(),
    parent: blockId(),
    key: positionKey(),
    prev: nullable(opId()),
  }),
  split_block: struct({
    block: blockId(),
    newBlock: blockId(),
    parent: blockId(),
    key: positionKey(),
    blockType: blockType(),
    props: optional(props()),
    headUpdate: yjsUpdate(),
    tailText: yjsUpdate(),
  }),
  merge_blocks: struct({
    into: blockId(),
    from: blockId(),
    prev: nullable(opId()),
    intoUpdate: yjsUpdate(),
    fromUpdate: yjsUpdate(),
    fromStateVector: bytes('yjs_state_vector', 'maxStateVectorBytes'),
    children: list(
      struct({ block: blockId(), key: positionKey(), prev: nullable(opId()) }),
      'maxMergeChildren',
    ),
  }),
  edit_text: struct({ block: blockId(), update: yjsUpdate() }),
  set_property: struct(
    {
      block: blockId(),
      key: str('register_key', 'maxPropKeyBytes'),
      value: prop('maxPropValueBytes'),
    },
    'type_register',
  ),
})

/** An envelope on the wire; its id is not sent: it is `hlcToString(hlc)`. */
export const ENVELOPE_SCHEMA = struct({
  hlc: hlc(),
  user: id(),
  session: id(),
  deps: optional(list(opId(), 'maxDepsPerEnvelope')),
  origin: union('kind', {
    user: struct({}),
    agent: struct({ agent: id(), agentSession: id() }),
  }),
  op: DURABLE_OP,
})

const USER_INFO = struct({
  id: id(),
  name: str('text', 'maxUserNameBytes'),
  color: color(),
  kind: oneOf(USER_KINDS),
})

export const CLIENT_MESSAGE_SCHEMA = union('type', {
  hello: struct({
    protocol: uint(),
    docId: id(),
    token: optional(str('token', 'maxTokenBytes')),
    replica: uint32(),
    lastSeq: optional(seq()),
    outbox: optional(uint32()),
    presence: optional(prop('maxPresenceBytes')),
    client: optional(str('text', 'maxIdBytes')),
  }),
  ops: struct({ envelopes: list(envelope(), 'maxOpsPerBatch') }),
  viewport: struct({ blocks: list(blockId(), 'maxViewportBlocks') }),
  cursor: struct({
    block: blockId(),
    anchor: relativePosition(),
    head: optional(relativePosition()),
  }),
  cursor_clear: struct({}),
  presence: struct({ data: prop('maxPresenceBytes') }),
  catch_up_request: struct({
    partitions: list(
      struct({
        partition: partitionId(),
        sinceSeq: seq(),
        stateVectors: optional(
          list(
            struct({ block: blockId(), sv: bytes('yjs_state_vector', 'maxStateVectorBytes') }),
            'maxBlocksPerPartition',
          ),
        ),
      }),
      'maxCatchUpPartitions',
    ),
  }),
  event: struct({ data: prop('maxEventBytes') }),
  ping: struct({ t: uint() }),
})

const CATCH_UP_BLOCK = struct({
  id: blockId(),
  parent: blockId(),
  key: positionKey(),
  lastMove: nullable(opId()),
  type: blockType(),
  typeStamp: opId(),
  props: uniqueList(
    struct({
      key: str('prop_key', 'maxPropKeyBytes'),
      value: prop('maxPropValueBytes'),
      stamp: opId(),
    }),
    'maxPropsPerOp',
    'key',
  ),
  text: optional(yjsUpdate()),
})

export const SERVER_MESSAGE_SCHEMA = union('type', {
  welcome: struct({
    protocol: uint(),
    session: id(),
    replica: uint32(),
    user: USER_INFO,
    permissions: setOf(PERMISSIONS),
    seq: seq(),
    partitionMapVersion: uint(),
    serverTime: uint(),
    resumed: bool(),
    heartbeatMs: uint32(),
  }),
  ops: struct({
    entries: list(struct({ seq: seq(), envelope: envelope() }), 'maxOpsPerBatch'),
  }),
  ack: struct({ acks: list(struct({ opId: opId(), seq: seq() }), 'maxAcksPerMessage') }),
  reject: struct({
    opId: opId(),
    code: oneOf(REJECT_CODES),
    reason: str('text', 'maxReasonBytes'),
  }),
  outline: struct({
    partitionMapVersion: uint(),
    seq: seq(),
    partitions: list(
      struct({
        id: partitionId(),
        firstBlock: blockId(),
        blockCount: uint32(),
        seq: seq(),
        headings: list(
          struct({ block: blockId(), level: uint(6, 1), text: str('text', 'maxHeadingTextBytes') }),
          'maxHeadingsPerPartition',
        ),
      }),
      'maxOutlinePartitions',
    ),
  }),
  subscribed: struct({
    partitionMapVersion: uint(),
    partitions: list(partitionId(), 'maxPartitionsPerMessage'),
  }),
  catch_up: struct({
    partition: partitionId(),
    fromSeq: seq(),
    toSeq: seq(),
    content: union('kind', {
      blocks: struct({ blocks: list(CATCH_UP_BLOCK, 'maxBlocksPerPartition') }),
      snapshot: struct({ snapshot: bytes('opaque', 'maxSnapshotBytes') }),
    }),
    done: bool(),
  }),
  presence_diff: struct({
    joined: list(
      struct({ session: id(), user: USER_INFO, presence: prop('maxPresenceBytes') }),
      'maxPresenceEntries',
    ),
    updated: list(
      struct({ session: id(), presence: prop('maxPresenceBytes') }),
      'maxPresenceEntries',
    ),
    left: list(id(), 'maxPresenceEntries'),
  }),
  cursor_batch: struct({
    partition: partitionId(),
    cursors: list(
      struct({
        session: id(),
        block: blockId(),
        anchor: relativePosition(),
        head: optional(relativePosition()),
      }),
      'maxCursorsPerBatch',
    ),
    clusters: list(
      struct({ block: blockId(), count: uint32(), colors: list(color(), 'maxColorsPerCluster') }),
      'maxClustersPerBatch',
    ),
    removed: list(id(), 'maxCursorsPerBatch'),
  }),
  event: struct({ session: id(), user: id(), data: prop('maxEventBytes') }),
  error: struct({
    code: oneOf(SERVER_ERROR_CODES),
    message: str('text', 'maxReasonBytes'),
    fatal: bool(),
    retryAfterMs: optional(uint32()),
  }),
  pong: struct({ t: uint(), serverTime: uint() }),
  lagging: struct({ seq: seq(), partitions: list(partitionId(), 'maxPartitionsPerMessage') }),
})

/**
 * How primitives are written; part of the hash so that changing one (say, the HLC layout)
 * also demands a version bump. The codec reads its tags from here.
 */
export const PRIMITIVES = {
  frame: 'varuint version, then one or more messages: varuint tag (variant index) + fields',
  envelopeRecord: 'varuint version, then the envelope fields',
  uint: 'varuint (LEB128, little-endian groups of 7 bits), minimal, at most 8 bytes',
  bool: 'byte 0 or 1',
  string: 'varuint byte length + UTF-8 (strict)',
  bytes: 'varuint byte length + raw bytes',
  hlc: '12 bytes big-endian: 48-bit ms, 16-bit counter, 32-bit replica',
  op_id: 'the 12 HLC bytes of the op id',
  color: '3 bytes r, g, b',
  optional: 'byte 0 (absent) or 1 then the value',
  nullable: 'byte 0 (null) or 1 then the value',
  list: 'varuint count + items',
  enum: 'varuint index into the value list',
  set: 'varuint bitmask over the value list',
  props: 'varuint count + (string key, prop value) pairs, keys distinct',
  propValueTags: {
    null: 0,
    false: 1,
    true: 2,
    uint: 3,
    negativeInt: 4,
    float64: 5,
    string: 6,
    array: 7,
    object: 8,
  },
} as const

export const PROTOCOL_SCHEMA = {
  primitives: PRIMITIVES,
  envelope: ENVELOPE_SCHEMA,
  client: CLIENT_MESSAGE_SCHEMA,
  server: SERVER_MESSAGE_SCHEMA,
} as const

/** Compile-time proof that the schema decodes to exactly the types of messages.ts and ops.ts. */
export type SchemaMatchesTypes = [
  Check<SameShape<Infer<typeof CLIENT_MESSAGE_SCHEMA>, ClientMessage>>,
  Check<SameShape<Infer<typeof SERVER_MESSAGE_SCHEMA>, ServerMessage>>,
  Check<SameShape<Infer<typeof ENVELOPE_SCHEMA>, Omit<Envelope, 'id'>>>,
]
type Check<T extends true> = T
