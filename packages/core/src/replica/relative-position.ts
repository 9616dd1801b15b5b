/**
 * A caret in a block's text as the bytes of a Yjs relative position — what
 * `Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index))` gives, the
 * bytes a `cursor` message carries — read straight off the text's items: kind 0 and the id of
 * the character the caret sticks to, or kind 1 and the root type's name past the last
 * character; then `assoc` 0. Written out because a cursor moves several times a second per
 * user, and Yjs builds two objects and an encoder for each (the SDK's engine, the test
 * clients and the load generator all encode carets this way).
 */
import type * as Y from 'yjs'
import { TEXT_NAME } from './texts.js'

const NAME_BYTES = new TextEncoder().encode(TEXT_NAME)

const writeVarUint = (n: number, out: number[]): void => {
  let rest = n
  while (rest > 0x7f) {
    out.push(0x80 | (rest & 0x7f))
    rest = Math.floor(rest / 128)
  }
  out.push(rest)
}

/** The encoded relative position of `index` (clamped to the text) in a block's Y.Text. */
export const encodeRelativePosition = (text: Y.Text, index: number): Uint8Array => {
  const out: number[] = []
  let left = Math.max(0, index)
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue
    if (item.length > left) {
      out.push(0)
      writeVarUint(item.id.client, out)
      writeVarUint(item.id.clock + left, out)
      out.push(0)
      return Uint8Array.from(out)
    }
    left -= item.length
  }
  out.push(1)
  writeVarUint(NAME_BYTES.length, out)
  out.push(...NAME_BYTES, 0)
  return Uint8Array.from(out)
}
