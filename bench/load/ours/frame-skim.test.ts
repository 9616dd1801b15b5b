/**
 * The skimming reader against the real decoder: on a frame holding one of every server
 * message (the core's protocol fixtures, every op kind among them), it reports exactly what
 * the decoder reads, and ends where the frame ends.
 */
import {
  decodeServerFrame,
  encodeServerMessage,
  hlcFromString,
  joinFrames,
  REJECT_CODES,
  SERVER_ERROR_CODES,
  type ServerMessage,
} from '@markdownsync/core'
import { describe, expect, it } from 'vitest'
import { ENVELOPES, SERVER_MESSAGES } from '../../../packages/core/test/protocol/fixtures.js'
import { anchorHash, type FrameVisitor, skimFrame } from './frame-skim.js'

const OP_KINDS = [
  'insert_block',
  'delete_block',
  'move_block',
  'split_block',
  'merge_blocks',
  'edit_text',
  'set_property',
]

/** What an editor should learn from decoded messages, in the visitor's terms. */
const expected = (messages: readonly ServerMessage[]): unknown[] => {
  const out: unknown[] = []
  let afterSubscribe = false
  for (const m of messages) {
    out.push(['message', m.type])
    switch (m.type) {
      case 'welcome':
        out.push(['welcome', m.session, m.replica, m.user.id])
        break
      case 'ops':
        for (const e of m.entries)
          out.push([
            'op',
            e.seq,
            e.envelope.hlc.ms,
            e.envelope.hlc.replica,
            OP_KINDS.indexOf(e.envelope.op.kind),
          ])
        break
      case 'ack':
        for (const a of m.acks) out.push(['ack', hlcFromString(a.opId)!.ms, a.seq])
        break
      case 'reject':
        out.push(['reject', hlcFromString(m.opId)!.ms, REJECT_CODES.indexOf(m.code)])
        break
      case 'subscribed':
        afterSubscribe = true
        out.push(['subscribed', m.partitions])
        break
      case 'catch_up':
        out.push(['catchUp', m.partition, m.toSeq, m.done])
        break
      case 'cursor_batch':
        for (const c of m.cursors)
          out.push(['cursor', c.session, anchorHash(c.anchor), afterSubscribe])
        break
      case 'error':
        out.push(['error', SERVER_ERROR_CODES.indexOf(m.code), m.fatal, m.message])
        break
      case 'lagging':
        out.push(['lagging'])
        break
      default:
        break
    }
  }
  return out
}

const skimmed = (frame: Uint8Array): unknown[] => {
  const out: unknown[] = []
  const visitor: FrameVisitor = {
    message: (type) => out.push(['message', type]),
    welcome: (...a) => out.push(['welcome', ...a]),
    op: (...a) => out.push(['op', ...a]),
    ack: (...a) => out.push(['ack', ...a]),
    reject: (...a) => out.push(['reject', ...a]),
    subscribed: (...a) => out.push(['subscribed', ...a]),
    catchUp: (...a) => out.push(['catchUp', ...a]),
    cursor: (...a) => out.push(['cursor', ...a]),
    error: (...a) => out.push(['error', ...a]),
    lagging: () => out.push(['lagging']),
  }
  skimFrame(frame, visitor)
  return out
}

describe('frame skim', () => {
  it('reads from every server message what the decoder reads', () => {
    const messages: ServerMessage[] = [
      ...Object.values(SERVER_MESSAGES),
      // one ops message holding every op kind, agent origins and deps included
      { type: 'ops', entries: ENVELOPES.map((envelope, i) => ({ seq: 100 + i, envelope })) },
    ]
    const frame = joinFrames(messages.map(encodeServerMessage))
    const decoded = decodeServerFrame(frame)
    if (!decoded.ok) throw new Error(decoded.error.message)
    expect(skimmed(frame)).toEqual(expected(decoded.value))
  })
})
