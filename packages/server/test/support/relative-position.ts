/**
 * A caret in a block's text as an encoded Yjs relative position, the bytes a `cursor` message
 * carries — what `Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index))`
 * gives, written out here because the server package does not depend on Yjs itself.
 *
 * Layout (Yjs `writeRelativePosition`): kind 0 and the id of the character the caret sticks
 * to, or kind 1 and the root type's name when it is past the last character; then `assoc` (0).
 */
import { type DocumentReplica, TEXT_NAME } from '@markdownsync/core'

type YText = ReturnType<DocumentReplica['yText']>

const varUint = (n: number, out: number[]): void => {
  let rest = n
  while (rest > 0x7f) {
    out.push(0x80 | (rest & 0x7f))
    rest = Math.floor(rest / 128)
  }
  out.push(rest)
}

export const relativePosition = (text: YText, index: number): Uint8Array => {
  const out: number[] = []
  let left = index
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue
    if (item.length > left) {
      out.push(0)
      varUint(item.id.client, out)
      varUint(item.id.clock + left, out)
      out.push(0)
      return Uint8Array.from(out)
    }
    left -= item.length
  }
  const name = new TextEncoder().encode(TEXT_NAME)
  out.push(1)
  varUint(name.length, out)
  out.push(...name, 0)
  return Uint8Array.from(out)
}
