/**
 * The decoder fuzzer shared by the test suite and `scripts/fuzz-decoder.ts`: hostile frames
 * (random bytes, mutated valid frames, huge declared lengths and counts, deep nesting, Yjs
 * update bombs) fed to every public decoder. A decoder passes when it never throws, every
 * refusal carries a known code other than `internal`, and every accepted frame re-encodes to a
 * frame that decodes to the same value.
 */
import { isDeepStrictEqual } from 'node:util'
import { variantsOf } from '../../src/protocol/field.js'
import {
  type DecodeResult,
  decodeClientFrame,
  decodeClientMessage,
  decodeEnvelope,
  decodeServerFrame,
  decodeServerMessage,
  encodeClientFrame,
  encodeClientMessage,
  encodeEnvelope,
  encodeServerFrame,
  encodeServerMessage,
  PROTOCOL_ERROR_CODES,
  PROTOCOL_VERSION,
  type ProtocolErrorCode,
} from '../../src/protocol/index.js'
import { CLIENT_MESSAGE_SCHEMA, SERVER_MESSAGE_SCHEMA } from '../../src/protocol/schema.js'
import {
  anyCountBomb,
  anyDepthBomb,
  clientCountBomb,
  deleteSetBomb,
  jsonDepthBomb,
  structCountBomb,
  varuint,
} from './bombs.js'
import { CLIENT_MESSAGES, ENVELOPES, envelopeOf, SERVER_MESSAGES } from './fixtures.js'
import { bool, createPrng, int, type Prng, pick, randomBytes } from './prng.js'
import { randomClientMessage, randomEnvelope, randomServerMessage } from './random-messages.js'

type Side = 'client' | 'server' | 'envelope'

interface Decoder {
  readonly name: string
  readonly decode: (bytes: Uint8Array) => DecodeResult<unknown>
  /** Re-encodes an accepted value, for the round-trip check. */
  readonly encode: (value: never) => Uint8Array
}

const DECODERS: Record<Side, readonly Decoder[]> = {
  client: [
    { name: 'decodeClientMessage', decode: decodeClientMessage, encode: encodeClientMessage },
    { name: 'decodeClientFrame', decode: decodeClientFrame, encode: encodeClientFrame },
  ],
  server: [
    { name: 'decodeServerMessage', decode: decodeServerMessage, encode: encodeServerMessage },
    { name: 'decodeServerFrame', decode: decodeServerFrame, encode: encodeServerFrame },
  ],
  envelope: [{ name: 'decodeEnvelope', decode: decodeEnvelope, encode: encodeEnvelope }],
}

const HUGE = [2 ** 31, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 53, 2 ** 56 - 1]
const hugeVaruint = (rng: Prng): Uint8Array =>
  bool(rng, 0.85)
    ? varuint(pick(rng, HUGE))
    : new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

const mutate = (rng: Prng, frame: Uint8Array): Uint8Array => {
  const at = int(rng, 0, Math.max(0, frame.length - 1))
  switch (int(rng, 0, 6)) {
    case 0: {
      const out = Uint8Array.from(frame)
      for (let n = int(rng, 1, 3); n > 0; n--)
        out[int(rng, 0, out.length - 1)]! ^= 1 << int(rng, 0, 7)
      return out
    }
    case 1:
      return frame.subarray(0, at)
    case 2:
      return concat(frame.subarray(0, at), randomBytes(rng, int(rng, 1, 4)), frame.subarray(at))
    case 3:
      return concat(frame.subarray(0, at), frame.subarray(at + int(rng, 1, 4)))
    case 4:
      return concat(frame.subarray(0, at), hugeVaruint(rng), frame.subarray(at + int(rng, 0, 2)))
    case 5: {
      const out = Uint8Array.from(frame)
      out[at] = pick(rng, [0, 1, 0x7f, 0x80, 0xff])
      return out
    }
    default:
      return concat(frame, frame.subarray(at))
  }
}

const header = (side: 'client' | 'server', type: string): Uint8Array => {
  const schema = side === 'client' ? CLIENT_MESSAGE_SCHEMA : SERVER_MESSAGE_SCHEMA
  return concat(varuint(PROTOCOL_VERSION), varuint(variantsOf(schema).indexOf(type)))
}

const yjsBomb = (rng: Prng): Uint8Array => {
  switch (int(rng, 0, 5)) {
    case 0:
      return structCountBomb(pick(rng, [60_000, 2 ** 20, 2 ** 25, 2 ** 32, 2 ** 53]))
    case 1:
      return deleteSetBomb(pick(rng, [60_000, 2 ** 20, 2 ** 31, 2 ** 53 - 1]))
    case 2:
      return clientCountBomb(pick(rng, [5_000, 2 ** 32]))
    case 3:
      return anyDepthBomb(int(rng, 1, 5_000))
    case 4:
      return anyCountBomb(pick(rng, [2_000, 2 ** 40]))
    default:
      return jsonDepthBomb(int(rng, 1, 5_000))
  }
}

/** Frames that are valid, to mutate: every fixture plus random messages of every shape. */
const buildCorpus = (rng: Prng): Record<Side, Uint8Array[]> => {
  const client = Object.values(CLIENT_MESSAGES).map(encodeClientMessage)
  const server = Object.values(SERVER_MESSAGES).map(encodeServerMessage)
  const envelope = ENVELOPES.map(encodeEnvelope)
  for (let i = 0; i < 200; i++) {
    client.push(encodeClientMessage(randomClientMessage(rng)))
    server.push(encodeServerMessage(randomServerMessage(rng)))
    envelope.push(encodeEnvelope(randomEnvelope(rng)))
  }
  client.push(encodeClientFrame(Object.values(CLIENT_MESSAGES)))
  server.push(encodeServerFrame(Object.values(SERVER_MESSAGES)))
  return { client, server, envelope }
}

/** One hostile input and the side whose decoders get it. */
const hostileFrame = (rng: Prng, corpus: Record<Side, Uint8Array[]>): [Side, Uint8Array] => {
  const side: Side = pick(rng, ['client', 'server', 'envelope'])
  const roll = rng.next()
  if (roll < 0.08) return [side, randomBytes(rng, int(rng, 0, 64))]
  if (roll < 0.16)
    return [side, concat(varuint(PROTOCOL_VERSION), randomBytes(rng, int(rng, 0, 48)))]
  if (roll < 0.26) {
    // a valid header, then a huge declared length or count where the first field begins
    const [s, type] = bool(rng)
      ? ([
          'client',
          pick(rng, ['hello', 'ops', 'viewport', 'catch_up_request', 'presence']),
        ] as const)
      : ([
          'server',
          pick(rng, ['ops', 'ack', 'outline', 'reject', 'cursor_batch', 'presence_diff']),
        ] as const)
    return [s, concat(header(s, type), hugeVaruint(rng), randomBytes(rng, int(rng, 0, 16)))]
  }
  if (roll < 0.32) {
    // presence nested `depth` arrays deep
    const depth = int(rng, 1, 3_000)
    const nested = new Uint8Array(depth * 2 + 1)
    for (let i = 0; i < depth; i++) nested.set([7, 1], i * 2)
    return ['client', concat(header('client', 'presence'), nested)]
  }
  if (roll < 0.4) {
    const op = { kind: 'edit_text', block: 'b1', update: yjsBomb(rng) } as const
    const frame = encodeClientMessage({ type: 'ops', envelopes: [envelopeOf(op)] })
    return ['client', bool(rng, 0.7) ? frame : mutate(rng, frame)]
  }
  let frame = mutate(rng, pick(rng, corpus[side]))
  while (bool(rng, 0.3)) frame = mutate(rng, frame)
  return [side, frame]
}

export interface FuzzReport {
  readonly frames: number
  readonly accepted: number
  readonly codes: Record<string, number>
  /** Milliseconds spent inside the decoders (first decode of each frame only). */
  readonly decodeMs: number
  /** Frames that broke a rule: threw, failed with an unknown code, or did not round-trip. */
  readonly problems: number
  /** What went wrong for the first few of them. */
  readonly findings: string[]
}

const KNOWN_CODES = new Set<string>(PROTOCOL_ERROR_CODES.filter((c) => c !== 'internal'))
const hex = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(0, 200)).toString('hex')

/** Feeds `frames` hostile inputs (each to every decoder of its side). */
export const fuzzDecoders = (seed: number, frames: number): FuzzReport => {
  const rng = createPrng(seed)
  const corpus = buildCorpus(rng)
  const codes: Record<string, number> = {}
  const findings: string[] = []
  let accepted = 0
  let problems = 0
  let decodeMs = 0
  let count = 0
  while (count < frames) {
    const [side, frame] = hostileFrame(rng, corpus)
    for (const decoder of DECODERS[side]) {
      if (count >= frames) break
      count++
      let problem: string | undefined
      try {
        const start = performance.now()
        const result = decoder.decode(frame)
        decodeMs += performance.now() - start
        if (result.ok) {
          accepted++
          codes.ok = (codes.ok ?? 0) + 1
          const again = decoder.decode(decoder.encode(result.value as never))
          if (!again.ok || !isDeepStrictEqual(again.value, result.value))
            problem = 'accepted value does not round-trip'
        } else {
          codes[result.error.code] = (codes[result.error.code] ?? 0) + 1
          if (
            !KNOWN_CODES.has(result.error.code as ProtocolErrorCode) ||
            result.error.message === ''
          ) {
            problem = `bad error ${JSON.stringify(result.error)}`
          }
        }
      } catch (err) {
        problem = `threw ${String(err)}`
      }
      if (problem === undefined) continue
      problems++
      if (findings.length < 5)
        findings.push(`${decoder.name} #${count}: ${problem}; frame ${hex(frame)}`)
    }
  }
  return { frames: count, accepted, codes, decodeMs, problems, findings }
}
