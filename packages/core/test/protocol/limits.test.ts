import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import type { PropValue } from '../../src/ops.js'
import {
  type ClientMessage,
  type DecodeResult,
  decodeClientFrame,
  decodeClientMessage,
  decodeEnvelope,
  decodeServerMessage,
  encodeClientFrame,
  encodeClientMessage,
  encodeEnvelope,
  encodeServerMessage,
  type LimitName,
  type LimitOverrides,
  PROTOCOL_LIMITS,
  type ProtocolErrorCode,
  type ServerMessage,
} from '../../src/protocol/index.js'
import { CLIENT_MESSAGES, envelopeOf, OPS, opIdOf, USER } from './fixtures.js'
import { ANCHOR } from './yjs-fixtures.js'

/**
 * For each limit: a frame in which the limited quantity is `n`. The frame at the limit must
 * decode; one past must fail with the limit's code.
 */
interface BoundaryCase {
  readonly build: (n: number) => Uint8Array
  readonly decode?: (bytes: Uint8Array, limits?: LimitOverrides) => DecodeResult<unknown>
  /** Other limits relaxed so that only this one binds. */
  readonly overrides?: LimitOverrides
  readonly code?: ProtocolErrorCode
}

const times = <T>(n: number, item: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => item(i))
const client = (message: ClientMessage) => encodeClientMessage(message)
const server = (message: ServerMessage) => encodeServerMessage(message)
const ascii = (n: number) => 'a'.repeat(n)
const varuintBytes = (n: number) => encoding.encode((e) => encoding.writeVarUint(e, n)).length
/** A string whose encoding as a property value (tag, length, UTF-8) takes exactly `n` bytes. */
const propStringOfSize = (n: number): string => {
  let length = n - 2
  while (1 + varuintBytes(length) + length > n) length--
  if (1 + varuintBytes(length) + length !== n) throw new Error(`no property string of ${n} bytes`)
  return ascii(length)
}
const exactly = (n: number, bytes: Uint8Array): Uint8Array => {
  if (bytes.length !== n) throw new Error(`built ${bytes.length} bytes, wanted ${n}`)
  return bytes
}
const setProperty = (value: PropValue, key = 'k') =>
  envelopeOf({ kind: 'set_property', block: 'b1', key, value })
const editText = (update: Uint8Array) => envelopeOf({ kind: 'edit_text', block: 'b1', update })
const bytesOf = (write: (e: encoding.Encoder) => void) => encoding.encode(write)

/** A Yjs update of exactly `n` bytes: one string item in root text "text". */
const yjsTextUpdate = (n: number): Uint8Array => {
  const build = (length: number) =>
    bytesOf((e) => {
      encoding.writeUint8Array(e, new Uint8Array([1, 1, 1, 0, 4, 1]))
      encoding.writeVarString(e, 'text')
      encoding.writeVarString(e, ascii(length))
      encoding.writeVarUint(e, 0)
    })
  let length = n - 10
  while (build(length).length > n) length--
  return exactly(n, build(length))
}

/** A Yjs state vector of exactly `n` bytes (entries of 6 to 13 bytes each). */
const stateVectorOfSize = (n: number): Uint8Array => {
  const entry = (e: encoding.Encoder, i: number, size: number) => {
    encoding.writeVarUint(e, 2 ** 28 + i) // 5-byte client id
    encoding.writeVarUint(e, size === 6 ? 0 : 2 ** (7 * (size - 6))) // a clock of size - 5 bytes
  }
  for (let count = Math.floor(n / 13) + 2; count > 2; count--) {
    const rest = n - varuintBytes(count) - 13 * (count - 2)
    if (rest < 12) continue
    const first = Math.max(6, rest - 13)
    const sv = bytesOf((e) => {
      encoding.writeVarUint(e, count)
      for (let i = 0; i < count - 2; i++) entry(e, i, 13)
      entry(e, count - 2, first)
      entry(e, count - 1, rest - first)
    })
    return exactly(n, sv)
  }
  throw new Error(`no state vector of ${n} bytes`)
}

const gcStructs = (n: number) =>
  bytesOf((e) => {
    encoding.writeUint8Array(e, new Uint8Array([1]))
    encoding.writeVarUint(e, n)
    encoding.writeUint8Array(e, new Uint8Array([1, 0]))
    for (let i = 0; i < n; i++) encoding.writeUint8Array(e, new Uint8Array([0, 1]))
    encoding.writeUint8(e, 0)
  })

const snapshotFrame = (size: number) =>
  server({
    type: 'catch_up',
    partition: 'p0',
    fromSeq: 0,
    toSeq: 1,
    content: { kind: 'snapshot', snapshot: new Uint8Array(size) },
    done: true,
  })

const nested = (depth: number): PropValue => (depth === 0 ? 1 : [nested(depth - 1)])

const CASES: Record<LimitName, BoundaryCase> = {
  maxFrameBytes: {
    code: 'frame_too_large',
    decode: decodeServerMessage,
    build: (n) => {
      let size = n
      while (snapshotFrame(size).length > n) size--
      return exactly(n, snapshotFrame(size))
    },
  },
  maxMessagesPerFrame: {
    decode: decodeClientFrame,
    build: (n) => encodeClientFrame(times(n, () => CLIENT_MESSAGES.ping)),
  },
  maxOpsPerBatch: {
    build: (n) => client({ type: 'ops', envelopes: times(n, () => setProperty(true)) }),
  },
  maxAcksPerMessage: {
    decode: decodeServerMessage,
    build: (n) => server({ type: 'ack', acks: times(n, (i) => ({ opId: opIdOf(i), seq: i })) }),
  },
  maxDepsPerEnvelope: {
    decode: decodeEnvelope,
    build: (n) => encodeEnvelope({ ...setProperty(1), deps: times(n, (i) => opIdOf(i, 3)) }),
  },
  maxMergeChildren: {
    build: (n) => {
      const merge = {
        ...OPS.merge_blocks,
        children: times(n, (i) => ({ block: `c${i}`, key: 'a0', prev: null })),
      }
      return client({ type: 'ops', envelopes: [envelopeOf(merge as typeof OPS.merge_blocks)] })
    },
  },
  maxPropsPerOp: {
    build: (n) => {
      const props = Object.fromEntries(times(n, (i) => [`p${i}`, i]))
      return client({
        type: 'ops',
        envelopes: [envelopeOf({ ...OPS.insert_block, props } as typeof OPS.insert_block)],
      })
    },
  },
  maxYjsUpdateBytes: {
    build: (n) => client({ type: 'ops', envelopes: [editText(yjsTextUpdate(n))] }),
  },
  maxYjsStructs: { build: (n) => client({ type: 'ops', envelopes: [editText(gcStructs(n))] }) },
  maxYjsDeleteRanges: {
    build: (n) => {
      const update = bytesOf((e) => {
        encoding.writeUint8Array(e, new Uint8Array([0, 1, 1]))
        encoding.writeVarUint(e, n)
        for (let i = 0; i < n; i++) encoding.writeUint8Array(e, new Uint8Array([0, 1]))
      })
      return client({ type: 'ops', envelopes: [editText(update)] })
    },
  },
  maxYjsClients: {
    build: (n) => {
      const update = bytesOf((e) => {
        encoding.writeVarUint(e, n)
        for (let i = 0; i < n; i++) {
          encoding.writeVarUint(e, 1)
          encoding.writeVarUint(e, i)
          encoding.writeUint8Array(e, new Uint8Array([0, 0, 1]))
        }
        encoding.writeUint8(e, 0)
      })
      return client({ type: 'ops', envelopes: [editText(update)] })
    },
  },
  maxStateVectorBytes: {
    overrides: { maxYjsClients: 10_000 },
    build: (n) =>
      client({
        type: 'catch_up_request',
        partitions: [
          {
            partition: 'p0',
            sinceSeq: 0,
            stateVectors: [{ block: 'b1', sv: stateVectorOfSize(n) }],
          },
        ],
      }),
  },
  maxRelativePositionBytes: {
    build: (n) => {
      const anchor = exactly(
        n,
        bytesOf((e) => {
          encoding.writeVarUint(e, 1)
          encoding.writeVarString(e, ascii(n - 2))
        }),
      )
      return client({ type: 'cursor', block: 'b1', anchor })
    },
  },
  maxSnapshotBytes: {
    overrides: { maxFrameBytes: 2 * PROTOCOL_LIMITS.maxFrameBytes },
    decode: decodeServerMessage,
    build: snapshotFrame,
  },
  maxIdBytes: {
    build: (n) => client({ ...CLIENT_MESSAGES.hello, docId: ascii(n) } as ClientMessage),
  },
  maxTokenBytes: {
    build: (n) => client({ ...CLIENT_MESSAGES.hello, token: ascii(n) } as ClientMessage),
  },
  maxUserNameBytes: {
    decode: decodeServerMessage,
    build: (n) =>
      server({
        type: 'presence_diff',
        joined: [{ session: 's', user: { ...USER, name: ascii(n) }, presence: null }],
        updated: [],
        left: [],
      }),
  },
  maxPropKeyBytes: { build: (n) => client({ type: 'ops', envelopes: [setProperty(1, ascii(n))] }) },
  maxObjectKeyBytes: { build: (n) => client({ type: 'presence', data: { [ascii(n)]: 1 } }) },
  maxPositionKeyBytes: {
    build: (n) =>
      client({
        type: 'ops',
        envelopes: [
          envelopeOf({
            kind: 'move_block',
            block: 'b1',
            parent: 'root',
            key: `a0${'V'.repeat(n - 2)}`,
            prev: null,
          }),
        ],
      }),
  },
  maxReasonBytes: {
    decode: decodeServerMessage,
    build: (n) => server({ type: 'reject', opId: opIdOf(1), code: 'invalid_op', reason: ascii(n) }),
  },
  maxHeadingTextBytes: {
    decode: decodeServerMessage,
    build: (n) =>
      server({
        type: 'outline',
        partitionMapVersion: 1,
        seq: 1,
        partitions: [
          {
            id: 'p0',
            firstBlock: 'b1',
            blockCount: 1,
            seq: 1,
            headings: [{ block: 'b1', level: 1, text: ascii(n) }],
          },
        ],
      }),
  },
  maxPropDepth: { build: (n) => client({ type: 'presence', data: nested(n) }) },
  maxPropNodes: { build: (n) => client({ type: 'presence', data: times(n - 1, () => null) }) },
  maxPropValueBytes: {
    build: (n) => client({ type: 'ops', envelopes: [setProperty(propStringOfSize(n))] }),
  },
  maxPresenceBytes: { build: (n) => client({ type: 'presence', data: propStringOfSize(n) }) },
  maxEventBytes: { build: (n) => client({ type: 'event', data: propStringOfSize(n) }) },
  maxViewportBlocks: {
    build: (n) => client({ type: 'viewport', blocks: times(n, (i) => `b${i}`) }),
  },
  maxCursorsPerBatch: {
    decode: decodeServerMessage,
    build: (n) =>
      server({
        type: 'cursor_batch',
        partition: 'p0',
        cursors: times(n, (i) => ({ session: `s${i}`, block: 'b1', anchor: ANCHOR })),
        clusters: [],
        removed: [],
      }),
  },
  maxClustersPerBatch: {
    decode: decodeServerMessage,
    build: (n) =>
      server({
        type: 'cursor_batch',
        partition: 'p0',
        cursors: [],
        clusters: times(n, (i) => ({ block: `b${i}`, count: 11, colors: ['#000000'] })),
        removed: [],
      }),
  },
  maxColorsPerCluster: {
    decode: decodeServerMessage,
    build: (n) =>
      server({
        type: 'cursor_batch',
        partition: 'p0',
        cursors: [],
        clusters: [
          {
            block: 'b1',
            count: n,
            colors: times(n, (i) => `#0000${(i % 256).toString(16).padStart(2, '0')}`),
          },
        ],
        removed: [],
      }),
  },
  maxPartitionsPerMessage: {
    decode: decodeServerMessage,
    build: (n) =>
      server({ type: 'subscribed', partitionMapVersion: 1, partitions: times(n, (i) => `p${i}`) }),
  },
  maxOutlinePartitions: {
    decode: decodeServerMessage,
    build: (n) =>
      server({
        type: 'outline',
        partitionMapVersion: 1,
        seq: 1,
        partitions: times(n, (i) => ({
          id: `p${i}`,
          firstBlock: `b${i}`,
          blockCount: 100,
          seq: 1,
          headings: [],
        })),
      }),
  },
  maxHeadingsPerPartition: {
    decode: decodeServerMessage,
    build: (n) =>
      server({
        type: 'outline',
        partitionMapVersion: 1,
        seq: 1,
        partitions: [
          {
            id: 'p0',
            firstBlock: 'b0',
            blockCount: n,
            seq: 1,
            headings: times(n, (i) => ({ block: `b${i}`, level: 2, text: 'Section' })),
          },
        ],
      }),
  },
  maxCatchUpPartitions: {
    build: (n) =>
      client({
        type: 'catch_up_request',
        partitions: times(n, (i) => ({ partition: `p${i}`, sinceSeq: 0 })),
      }),
  },
  maxBlocksPerPartition: {
    decode: decodeServerMessage,
    build: (n) =>
      server({
        type: 'catch_up',
        partition: 'p0',
        fromSeq: 0,
        toSeq: 1,
        content: {
          kind: 'blocks',
          blocks: times(n, (i) => ({
            id: `b${i}`,
            parent: 'root',
            key: 'a0',
            lastMove: null,
            type: 'paragraph',
            typeStamp: opIdOf(1),
            props: [],
          })),
        },
        done: true,
      }),
  },
  maxPresenceEntries: {
    decode: decodeServerMessage,
    build: (n) =>
      server({ type: 'presence_diff', joined: [], updated: [], left: times(n, (i) => `s${i}`) }),
  },
}

describe('every limit: at the limit passes, one past fails with its code', () => {
  it('every limit in PROTOCOL_LIMITS has a boundary case', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(PROTOCOL_LIMITS).sort())
  })

  it.each(
    Object.entries(CASES).map(([limit, c]) => [limit, c.code ?? 'limit_exceeded', c] as const),
  )('%s: at the limit passes, one past fails with %s', (limit, code, c) => {
    const decode = c.decode ?? decodeClientMessage
    const at = PROTOCOL_LIMITS[limit as LimitName]
    const passing = decode(c.build(at), c.overrides)
    expect(passing.ok ? 'ok' : passing.error).toBe('ok')
    const failing = decode(c.build(at + 1), c.overrides)
    expect(failing).toMatchObject({ ok: false, error: { code } })
    // and it fails because of this limit, not another one
    expect(failing.ok ? '' : failing.error.message).toContain(limit)
  })

  it('limits can be overridden per call: a server may shrink them', () => {
    const frame = client({ type: 'viewport', blocks: ['b1', 'b2', 'b3'] })
    expect(decodeClientMessage(frame).ok).toBe(true)
    expect(decodeClientMessage(frame, { maxViewportBlocks: 2 })).toMatchObject({
      ok: false,
      error: { code: 'limit_exceeded', path: 'viewport.blocks' },
    })
  })
})
