/**
 * Bytes written by hand, for tests that must send what no encoder would produce: varuints,
 * length-prefixed strings, and minimal Yjs v1 updates (Yjs's own encoding, not our codec).
 */
import { TEXT_NAME } from '@markdownsync/core'

export const varuint = (value: number): number[] => {
  const out: number[] = []
  let n = value
  while (n > 0x7f) {
    out.push((n % 128) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
  return out
}

export const bytes = (...parts: (number | readonly number[] | Uint8Array)[]): Uint8Array =>
  new Uint8Array(
    Buffer.concat(
      parts.map((p) => (typeof p === 'number' ? Uint8Array.of(p) : Uint8Array.from(p))),
    ),
  )

export const str = (s: string): Uint8Array => {
  const utf8 = Buffer.from(s, 'utf8')
  return bytes(varuint(utf8.length), utf8)
}

/** A Yjs v1 update: one string item at the start of a block's text, by `client` at `clock`. */
export const yjsInsert = (client: number, clock: number, text: string): Uint8Array =>
  bytes(1, 1, varuint(client), varuint(clock), 4, 1, str(TEXT_NAME), str(text), 0)

/** A Yjs v1 update that deletes `length` items of `client` from `clock` on. */
export const yjsDelete = (client: number, clock: number, length: number): Uint8Array =>
  bytes(0, 1, varuint(client), 1, varuint(clock), varuint(length))
