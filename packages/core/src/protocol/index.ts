/** The wire protocol: message types, limits, errors and the binary codec. */
export {
  type CatchUpHeader,
  encodeCatchUpBlock,
  encodeCatchUpFrame,
} from './catch-up-frames.js'
export { CLOSE_CODES, CLOSE_REASON_TEXT, type CloseReason } from './close-codes.js'
export { decodeEnvelope, encodeEnvelope } from './codec-envelope.js'
export {
  decodeClientFrame,
  decodeClientMessage,
  decodeServerFrame,
  decodeServerMessage,
  encodeClientFrame,
  encodeClientMessage,
  encodeServerFrame,
  encodeServerMessage,
  joinFrames,
} from './codec-messages.js'
export {
  type DecodeResult,
  PROTOCOL_ERROR_CODES,
  type ProtocolError,
  type ProtocolErrorCode,
} from './errors.js'
export {
  BLOCK_TYPE_PATTERN,
  isValidBlockType,
  isValidPropKey,
  PROP_KEY_PATTERN,
} from './formats.js'
export {
  type LimitName,
  type LimitOverrides,
  PROTOCOL_LIMITS,
  type ProtocolLimits,
} from './limits.js'
export * from './messages.js'
export { PROTOCOL_SCHEMA } from './schema.js'
export {
  MAX_ASSEMBLED_SNAPSHOT_BYTES,
  SNAPSHOT_PIECE_BYTES,
  SnapshotAssembler,
  splitSnapshot,
} from './snapshot-pieces.js'
export { PROTOCOL_VERSION } from './version.js'
export { yjsUpdateWriters } from './yjs-update.js'
