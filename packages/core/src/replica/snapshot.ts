/**
 * Snapshots: a replica's whole state as bytes, so a document loads without replaying its
 * history. A snapshot keeps the tree's log above the stable point (late ops may still need to
 * undo past it) and everything needed to deduplicate, so snapshot + tail equals full replay.
 *
 * Layout (lib0 encoding): format version, then the parts below in order. Yjs states and
 * buffered envelopes are raw bytes; the rest is lib0's self-describing `any` encoding.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { BlockId } from '../ids.js'
import type { Envelope, OpId, PropValue } from '../ops.js'
import { decodeEnvelope, encodeEnvelope } from '../protocol/codec-envelope.js'
import type { MoveTreeState } from '../tree/move-tree.js'

export const SNAPSHOT_FORMAT = 1

export interface ReplicaState {
  tree: MoveTreeState
  created: Array<[BlockId, OpId]>
  seen: OpId[]
  merges: Array<[OpId, BlockId, BlockId]>
  props: Array<[BlockId, string, PropValue, OpId]>
  texts: Array<[BlockId, Uint8Array]>
  buffered: Envelope[]
}

export class SnapshotError extends Error {
  readonly code = 'invalid_snapshot'
}

export const encodeReplicaState = (state: ReplicaState): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, SNAPSHOT_FORMAT)
  encoding.writeAny(encoder, {
    tree: state.tree,
    created: state.created,
    seen: state.seen,
    merges: state.merges,
    props: state.props,
  } as unknown as encoding.AnyEncodable)
  encoding.writeVarUint(encoder, state.texts.length)
  for (const [block, update] of state.texts) {
    encoding.writeVarString(encoder, block)
    encoding.writeVarUint8Array(encoder, update)
  }
  encoding.writeVarUint(encoder, state.buffered.length)
  for (const envelope of state.buffered)
    encoding.writeVarUint8Array(encoder, encodeEnvelope(envelope))
  return encoding.toUint8Array(encoder)
}

/** Snapshots come from our own storage; a damaged one throws `SnapshotError`. */
export const decodeReplicaState = (bytes: Uint8Array): ReplicaState => {
  try {
    const decoder = decoding.createDecoder(bytes)
    const format = decoding.readVarUint(decoder)
    if (format !== SNAPSHOT_FORMAT) throw new SnapshotError(`unknown snapshot format ${format}`)
    const head = decoding.readAny(decoder) as unknown as Omit<ReplicaState, 'texts' | 'buffered'>
    const texts: ReplicaState['texts'] = []
    for (let n = decoding.readVarUint(decoder); n > 0; n--) {
      texts.push([decoding.readVarString(decoder), decoding.readVarUint8Array(decoder)])
    }
    const buffered: Envelope[] = []
    for (let n = decoding.readVarUint(decoder); n > 0; n--) {
      const decoded = decodeEnvelope(decoding.readVarUint8Array(decoder))
      if (!decoded.ok) throw new SnapshotError(`buffered op: ${decoded.error.message}`)
      buffered.push(decoded.value)
    }
    return { ...head, texts, buffered }
  } catch (error) {
    if (error instanceof SnapshotError) throw error
    throw new SnapshotError(`damaged snapshot: ${(error as Error).message}`)
  }
}
