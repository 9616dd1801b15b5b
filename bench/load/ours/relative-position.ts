/**
 * A caret as the bytes of a Yjs relative position (`Y.encodeRelativePosition` of
 * `Y.createRelativePositionFromTypeIndex(text, index)`), read from the model's Y.Text: kind 0
 * and the id of the character the caret sticks to, or kind 1 and the root type's name past
 * the last character; then `assoc` 0. Written out to spare a Yjs object per cursor move.
 */
import { TEXT_NAME } from '@markdownsync/core'
import type * as Y from 'yjs'

const pushVarUint = (n: number, out: number[]): void => {
  let rest = n
  while (rest > 0x7f) {
    out.push(0x80 | (rest & 0x7f))
    rest = Math.floor(rest / 128)
  }
  out.push(rest)
}

export const relativePosition = (text: Y.Text, index: number): Uint8Array => {
  const out: number[] = []
  let left = index
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue
    if (item.length > left) {
      out.push(0)
      pushVarUint(item.id.client, out)
      pushVarUint(item.id.clock + left, out)
      out.push(0)
      return Uint8Array.from(out)
    }
    left -= item.length
  }
  out.push(1)
  pushVarUint(TEXT_NAME.length, out)
  for (let i = 0; i < TEXT_NAME.length; i++) out.push(TEXT_NAME.charCodeAt(i))
  out.push(0)
  return Uint8Array.from(out)
}
