/**
 * Bounded parses of the two small Yjs encodings that travel on the wire besides updates:
 * state vectors (`Y.encodeStateVector`: count, then (client, clock) pairs) and relative
 * positions (`Y.encodeRelativePosition`: a kind, an item id or a root type name, an optional
 * `assoc` varint). Like updates, they are checked before Yjs ever reads them.
 */
import * as decoding from 'lib0/decoding'
import { fail } from './errors.js'
import { UINT32_MAX } from './field.js'
import type { ProtocolLimits } from './limits.js'
import { readByte, readUintIn, readVarUint, remaining } from './reader.js'
import { readYjsId, skipString, yjsCount } from './yjs-reader.js'

const end = (d: decoding.Decoder, what: string): void => {
  if (remaining(d) !== 0) fail('trailing_bytes', `${what}: ${remaining(d)} bytes after its end`)
}

export const checkYjsStateVector = (sv: Uint8Array, limits: ProtocolLimits): void => {
  const d = decoding.createDecoder(sv)
  const n = yjsCount(d, limits.maxYjsClients, 'maxYjsClients', 'state vector clients', 2)
  for (let i = 0; i < n; i++) {
    readUintIn(d, 0, UINT32_MAX)
    readUintIn(d, 0, Number.MAX_SAFE_INTEGER)
  }
  end(d, 'Yjs state vector')
}

export const checkYjsRelativePosition = (pos: Uint8Array): void => {
  const d = decoding.createDecoder(pos)
  switch (readVarUint(d)) {
    case 0: // inside the list: the id of the item it sticks to
    case 2: // at the end of a type attached to an item: that item's id
      readYjsId(d)
      break
    case 1: // at the end of a root type: its name
      skipString(d)
      break
    default:
      fail('invalid_field', 'Yjs relative position: unknown kind')
  }
  if (remaining(d) > 0) {
    // assoc: a lib0 varint (sign and 6 bits, then groups of 7)
    for (let i = 0, b = readByte(d); b & 0x80; b = readByte(d)) {
      if (++i >= 8) fail('invalid_field', 'Yjs relative position: assoc too long')
    }
  }
  end(d, 'Yjs relative position')
}
