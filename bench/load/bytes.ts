/**
 * lib0-style varuints (LEB128, as Yjs and y-protocols write them), for the messages the
 * benchmark writes and reads by hand. lib0 itself is not a dependency of the bench package.
 */

/** A growable byte buffer. */
export class ByteWriter {
  private bytes = new Uint8Array(64)
  length = 0

  byte(b: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2)
      grown.set(this.bytes)
      this.bytes = grown
    }
    this.bytes[this.length++] = b
  }

  varUint(n: number): void {
    let rest = n
    while (rest > 0x7f) {
      this.byte(0x80 | (rest & 0x7f))
      rest = Math.floor(rest / 128)
    }
    this.byte(rest)
  }

  /** A length-prefixed ASCII string. */
  ascii(text: string): void {
    this.varUint(text.length)
    for (let i = 0; i < text.length; i++) this.byte(text.charCodeAt(i))
  }

  /** Length-prefixed bytes (lib0 `writeVarUint8Array`). */
  bytesWithLength(data: Uint8Array): void {
    this.varUint(data.length)
    for (const b of data) this.byte(b)
  }

  done(): Uint8Array {
    return this.bytes.slice(0, this.length)
  }
}

/** A position in bytes being read. */
export class ByteReader {
  pos = 0
  constructor(readonly buf: Uint8Array) {}

  varUint(): number {
    let result = 0
    let scale = 1
    for (;;) {
      const b = this.buf[this.pos++]!
      result += (b & 0x7f) * scale
      if (b < 0x80) return result
      scale *= 128
    }
  }

  /** Length-prefixed bytes, as a view. */
  bytes(): Uint8Array {
    const n = this.varUint()
    const view = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return view
  }
}
