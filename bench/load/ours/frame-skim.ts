/**
 * A skimming reader of server frames for simulated editors. A thousand editors receive tens
 * of thousands of frames a second; the full decoder validates every field and Yjs payload
 * (~23 MB/s on this machine) and would take the generator's whole CPU. This reader trusts the
 * server, walks the bytes by the same wire schema (`PROTOCOL_SCHEMA`, so it cannot drift from
 * the codec), allocates nothing for what it skips, and hands the few fields an editor needs
 * to a visitor. Observers, whose replicas are compared at the end, use the real decoder.
 */
import { PROTOCOL_SCHEMA } from '@markdownsync/core'

type AnyField = { readonly t: string } & Record<string, unknown>

/** What an editor learns from a frame; unlisted messages are only counted. */
export interface FrameVisitor {
  message(type: ServerMessageType): void
  welcome(session: string, replica: number, user: string): void
  /** One op of an `ops` message: its seq, the ms and replica of its HLC, its kind's index. */
  op(seq: number, ms: number, replica: number, kind: number): void
  ack(ms: number, seq: number): void
  reject(ms: number, code: number): void
  subscribed(partitions: string[]): void
  catchUp(partition: string, toSeq: number, done: boolean): void
  /** A cursor in a `cursor_batch`; `afterSubscribe` when the frame also said `subscribed`. */
  cursor(session: string, anchorHash: number, afterSubscribe: boolean): void
  error(code: number, fatal: boolean, message: string): void
  lagging(): void
}

export const SERVER_MESSAGE_TYPES = Object.keys(
  PROTOCOL_SCHEMA.server.variants,
) as ServerMessageType[]
export type ServerMessageType = keyof typeof PROTOCOL_SCHEMA.server.variants

class Reader {
  pos = 0
  constructor(readonly buf: Uint8Array) {}

  get more(): boolean {
    return this.pos < this.buf.length
  }

  uint(): number {
    let result = 0
    let scale = 1
    for (;;) {
      const b = this.buf[this.pos++]!
      result += (b & 0x7f) * scale
      if (b < 0x80) return result
      scale *= 128
    }
  }

  skip(n: number): void {
    this.pos += n
  }

  /** An ASCII-or-not string (ids are ASCII in practice). */
  string(): string {
    const n = this.uint()
    let out = ''
    for (let i = 0; i < n; i++) out += String.fromCharCode(this.buf[this.pos + i]!)
    this.pos += n
    return out
  }

  /** The ms part of a 12-byte HLC (and skips the rest). */
  hlcMs(): number {
    const b = this.buf
    const p = this.pos
    const hi = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0
    const ms = hi * 65_536 + ((b[p + 4]! << 8) | b[p + 5]!)
    this.pos += 12
    return ms
  }

  hlcReplica(at: number): number {
    const b = this.buf
    return ((b[at + 8]! << 24) | (b[at + 9]! << 16) | (b[at + 10]! << 8) | b[at + 11]!) >>> 0
  }

  /** FNV-1a of a length-prefixed byte field, to recognise a cursor's anchor. */
  bytesHash(): number {
    const n = this.uint()
    let h = 0x811c9dc5
    for (let i = 0; i < n; i++) h = Math.imul(h ^ this.buf[this.pos + i]!, 0x01000193)
    this.pos += n
    return h >>> 0
  }
}

type Skip = (r: Reader) => void

const skipProp: Skip = (r) => {
  const tag = r.uint()
  switch (tag) {
    case 3:
    case 4:
      r.uint()
      return
    case 5:
      r.skip(8)
      return
    case 6:
      r.skip(r.uint())
      return
    case 7:
      for (let n = r.uint(); n > 0; n--) skipProp(r)
      return
    case 8:
      for (let n = r.uint(); n > 0; n--) {
        r.skip(r.uint())
        skipProp(r)
      }
      return
    default:
  }
}

const compiled = new WeakMap<object, Skip>()

/** A function that skips one value of `field`, built once per schema node. */
export const skipperOf = (field: AnyField): Skip => {
  const cached = compiled.get(field)
  if (cached !== undefined) return cached
  const skip = compile(field)
  compiled.set(field, skip)
  return skip
}

const compile = (f: AnyField): Skip => {
  switch (f.t) {
    case 'uint':
    case 'enum':
    case 'set':
      return (r) => void r.uint()
    case 'bool':
      return (r) => r.skip(1)
    case 'string':
    case 'bytes':
      return (r) => r.skip(r.uint())
    case 'hlc':
    case 'op_id':
      return (r) => r.skip(12)
    case 'color':
      return (r) => r.skip(3)
    case 'prop':
      return skipProp
    case 'props':
      return (r) => {
        for (let n = r.uint(); n > 0; n--) {
          r.skip(r.uint())
          skipProp(r)
        }
      }
    case 'list': {
      const item = skipperOf(f.of as AnyField)
      return (r) => {
        for (let n = r.uint(); n > 0; n--) item(r)
      }
    }
    case 'optional':
    case 'nullable': {
      const inner = skipperOf(f.of as AnyField)
      return (r) => {
        if (r.buf[r.pos++] === 1) inner(r)
      }
    }
    case 'struct': {
      const fields = Object.values(f.fields as Record<string, AnyField>).map(skipperOf)
      return (r) => {
        for (const field of fields) field(r)
      }
    }
    case 'union': {
      const variants = Object.values(f.variants as Record<string, AnyField>).map(skipperOf)
      return (r) => variants[r.uint()]!(r)
    }
    case 'envelope':
      return skipperOf(PROTOCOL_SCHEMA.envelope as unknown as AnyField)
    default:
      throw new Error(`frame-skim: unknown field kind ${f.t}`)
  }
}

const variant = (name: ServerMessageType): Skip =>
  skipperOf(PROTOCOL_SCHEMA.server.variants[name] as unknown as AnyField)
const skipEnvelopeTail = (() => {
  const env = PROTOCOL_SCHEMA.envelope.fields
  const user = skipperOf(env.user as unknown as AnyField)
  const deps = skipperOf(env.deps as unknown as AnyField)
  const origin = skipperOf(env.origin as unknown as AnyField)
  const ops = Object.values(env.op.variants).map((v) => skipperOf(v as unknown as AnyField))
  /** After the HLC: user, session, deps, origin, then the op; returns the op kind's index. */
  return (r: Reader): number => {
    user(r)
    user(r)
    deps(r)
    origin(r)
    const kind = r.uint()
    ops[kind]!(r)
    return kind
  }
})()
const SKIP_USER_INFO = skipperOf(
  PROTOCOL_SCHEMA.server.variants.welcome.fields.user as unknown as AnyField,
)
const SKIP_CATCH_UP_CONTENT = skipperOf(
  PROTOCOL_SCHEMA.server.variants.catch_up.fields.content as unknown as AnyField,
)
const SKIP_CLUSTER = skipperOf(
  PROTOCOL_SCHEMA.server.variants.cursor_batch.fields.clusters as unknown as AnyField,
)
const OTHER: Record<string, Skip> = Object.fromEntries(
  SERVER_MESSAGE_TYPES.map((t) => [t, variant(t)]),
)

/** Walks one server frame, calling `visit` for what an editor needs. */
export const skimFrame = (bytes: Uint8Array, visit: FrameVisitor): void => {
  const r = new Reader(bytes)
  r.uint() // protocol version (the server speaks ours)
  let afterSubscribe = false
  while (r.more) {
    const type = SERVER_MESSAGE_TYPES[r.uint()]!
    visit.message(type)
    switch (type) {
      case 'welcome': {
        r.uint()
        const session = r.string()
        const replica = r.uint()
        const userStart = r.pos
        const user = r.string()
        r.pos = userStart
        SKIP_USER_INFO(r)
        for (let i = 0; i < 4; i++) r.uint() // permissions, seq, map version, server time
        r.skip(1) // resumed
        r.uint() // heartbeat
        visit.welcome(session, replica, user)
        break
      }
      case 'ops':
        for (let n = r.uint(); n > 0; n--) {
          const seq = r.uint()
          const at = r.pos
          const ms = r.hlcMs()
          const replica = r.hlcReplica(at)
          visit.op(seq, ms, replica, skipEnvelopeTail(r))
        }
        break
      case 'ack':
        for (let n = r.uint(); n > 0; n--) {
          const ms = r.hlcMs()
          visit.ack(ms, r.uint())
        }
        break
      case 'reject': {
        const ms = r.hlcMs()
        const code = r.uint()
        r.skip(r.uint())
        visit.reject(ms, code)
        break
      }
      case 'subscribed': {
        r.uint()
        const partitions: string[] = []
        for (let n = r.uint(); n > 0; n--) partitions.push(r.string())
        afterSubscribe = true
        visit.subscribed(partitions)
        break
      }
      case 'catch_up': {
        const partition = r.string()
        r.uint()
        const toSeq = r.uint()
        SKIP_CATCH_UP_CONTENT(r)
        visit.catchUp(partition, toSeq, r.buf[r.pos++] === 1)
        break
      }
      case 'cursor_batch': {
        r.skip(r.uint())
        for (let n = r.uint(); n > 0; n--) {
          const session = r.string()
          r.skip(r.uint())
          const anchor = r.bytesHash()
          if (r.buf[r.pos++] === 1) r.skip(r.uint())
          visit.cursor(session, anchor, afterSubscribe)
        }
        SKIP_CLUSTER(r)
        for (let n = r.uint(); n > 0; n--) r.skip(r.uint())
        break
      }
      case 'error': {
        const code = r.uint()
        const message = r.string()
        const fatal = r.buf[r.pos++] === 1
        if (r.buf[r.pos++] === 1) r.uint()
        visit.error(code, fatal, message)
        break
      }
      case 'lagging':
        OTHER.lagging!(r)
        visit.lagging()
        break
      default:
        OTHER[type]!(r)
    }
  }
}

/** The FNV-1a hash `skimFrame` reports for an anchor's bytes. */
export const anchorHash = (bytes: Uint8Array): number => {
  let h = 0x811c9dc5
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193)
  return h >>> 0
}
