/**
 * Workload 5, the protocol codec: client `ops` frames as an editing session sends them —
 * mostly typing (`edit_text` with the Yjs updates a real Y.Doc produced), some formatting,
 * property changes, inserts with text, moves, splits, merges and deletes — produced by a
 * `DocumentReplica`, batched into frames of 1–40 envelopes. Throughput is in MB of encoded
 * frame per second, for encoding and for decoding (which validates every field and Yjs update).
 */
import { isDeepStrictEqual } from 'node:util'
import {
  type ClientOpsMessage,
  DocumentReplica,
  decodeClientMessage,
  decodeEnvelope,
  type Envelope,
  encodeClientMessage,
  encodeEnvelope,
  ROOT_ID,
} from '@markdownsync/core'
import { repeat } from '../measure.js'
import { randomInt, seededRandom } from '../random.js'
import type { Row } from '../report.js'
import type { Settings } from '../settings.js'

const WORDS = 'the quick brown fox jumps over a lazy dog while markdown blocks move in sync'.split(
  ' ',
)
const MAX_BATCH = 40
const PASSES = 3

const sentence = (random: () => number, words: number): string =>
  Array.from({ length: words }, () => WORDS[randomInt(random, WORDS.length)]).join(' ')

/** The envelopes of an editing session, in the order the replica made them. */
export const sessionEnvelopes = (count: number, seed: number): Envelope[] => {
  const random = seededRandom(seed)
  let now = 1_700_000_000_000
  const replica = new DocumentReplica({ replica: 7, random, now: () => now++ })
  const out: Envelope[] = []
  replica.onLocalOp((envelope) => out.push(envelope))
  for (let i = 0; i < 60; i++) {
    const heading = random() < 0.15
    replica.insertBlock({
      parent: ROOT_ID,
      type: heading ? 'heading' : 'paragraph',
      ...(heading ? { props: { level: 1 + randomInt(random, 3) } } : {}),
      text: sentence(random, 5 + randomInt(random, 30)),
    })
  }
  const live = (): readonly string[] => replica.children(ROOT_ID)
  const anyBlock = (): string => {
    const blocks = live()
    return blocks[randomInt(random, blocks.length)]!
  }
  while (out.length < count) {
    const roll = random()
    const block = anyBlock()
    const length = replica.text(block).length
    if (roll < 0.7) {
      const word = roll < 0.35 ? WORDS[randomInt(random, WORDS.length)]! : ' '
      replica.insertText(block, randomInt(random, length + 1), word)
    } else if (roll < 0.76 && length > 0) {
      const at = randomInt(random, length)
      replica.deleteText(block, at, Math.min(1 + randomInt(random, 4), length - at))
    } else if (roll < 0.79 && length > 2) {
      replica.formatText(block, randomInt(random, length - 2), 2, { bold: true })
    } else if (roll < 0.85) {
      const key = ['checked', 'level', 'lang'][randomInt(random, 3)]!
      const value =
        key === 'checked' ? random() < 0.5 : key === 'level' ? randomInt(random, 6) : 'ts'
      replica.setProperty(block, key, value)
    } else if (roll < 0.9) {
      replica.insertBlock({
        parent: ROOT_ID,
        after: block,
        type: 'paragraph',
        text: sentence(random, 1 + randomInt(random, 12)),
      })
    } else if (roll < 0.94) {
      const after = anyBlock()
      replica.moveBlock(block, { parent: ROOT_ID, after: after === block ? null : after })
    } else if (roll < 0.96 && length > 1) {
      replica.splitBlock(block, randomInt(random, length))
    } else if (roll < 0.98 && live().length > 20) {
      const other = anyBlock()
      if (other !== block) replica.mergeBlocks(block, other)
    } else if (live().length > 20) {
      replica.deleteBlock(block)
    }
  }
  return out.slice(0, count)
}

const frames = (envelopes: readonly Envelope[], seed: number): ClientOpsMessage[] => {
  const random = seededRandom(seed)
  const out: ClientOpsMessage[] = []
  for (let i = 0; i < envelopes.length; ) {
    const size = 1 + randomInt(random, MAX_BATCH)
    out.push({ type: 'ops', envelopes: envelopes.slice(i, i + size) })
    i += size
  }
  return out
}

const megabytesPerSecond = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000)

export const codec = (settings: Settings): Row[] => {
  const envelopes = sessionEnvelopes(settings.codecEnvelopes, settings.seed + 40)
  const messages = frames(envelopes, settings.seed + 41)
  const encoded = messages.map(encodeClientMessage)
  const totalBytes = encoded.reduce((sum, bytes) => sum + bytes.length, 0)
  const kinds: Record<string, number> = {}
  for (const envelope of envelopes) kinds[envelope.op.kind] = (kinds[envelope.op.kind] ?? 0) + 1

  let roundTrips = true
  for (let i = 0; i < messages.length; i++) {
    const decoded = decodeClientMessage(encoded[i]!)
    if (!decoded.ok || !isDeepStrictEqual(decoded.value, messages[i])) roundTrips = false
  }
  const storedBytes = envelopes.map(encodeEnvelope)
  const storedTotal = storedBytes.reduce((sum, bytes) => sum + bytes.length, 0)
  if (!storedBytes.every((bytes) => decodeEnvelope(bytes).ok)) roundTrips = false

  // each repetition codes the session PASSES times: one pass is ~0.15 s, short enough for a
  // neighbour process's burst to swing a figure by half
  const timed = (bytes: number, pass: () => void) =>
    repeat(settings.repetitions, () => {
      const start = performance.now()
      for (let p = 0; p < PASSES; p++) pass()
      return { value: megabytesPerSecond(bytes * PASSES, performance.now() - start) }
    })
  const encode = timed(totalBytes, () => {
    for (const message of messages) encodeClientMessage(message)
  })
  let failures = 0
  const decode = timed(totalBytes, () => {
    failures = 0
    for (const bytes of encoded) if (!decodeClientMessage(bytes).ok) failures++
  })
  const storeEncode = timed(storedTotal, () => {
    for (const envelope of envelopes) encodeEnvelope(envelope)
  })
  const storeDecode = timed(storedTotal, () => {
    for (const bytes of storedBytes) decodeEnvelope(bytes)
  })
  const facts = {
    frames: messages.length,
    envelopes: envelopes.length,
    frameBytes: totalBytes,
    meanEnvelopeBytes: Math.round(totalBytes / envelopes.length),
    roundTrips,
  }
  const mix = Object.entries(kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${((100 * n) / envelopes.length).toFixed(0)}%`)
    .join(', ')
  const note = `${messages.length} frames of 1–${MAX_BATCH} envelopes, ${envelopes.length} envelopes (${mix}), ${(totalBytes / 1e6).toFixed(2)} MB; decoded frames equal the originals: ${roundTrips}`
  const envelopesPerSecond = (mbps: number): number =>
    Math.round((mbps * 1e6) / (totalBytes / envelopes.length))
  return [
    {
      id: 'codec-encode',
      label: 'codec: encode ops frames',
      unit: 'MB/s',
      better: 'higher',
      ours: {
        ...encode,
        facts: { ...facts, envelopesPerSecond: envelopesPerSecond(encode.median) },
      },
      loro: null,
      loroNote: 'our wire protocol; nothing to compare with in Loro',
      notes: [note],
    },
    {
      id: 'codec-decode',
      label: 'codec: decode ops frames',
      unit: 'MB/s',
      better: 'higher',
      ours: {
        ...decode,
        facts: { ...facts, failures, envelopesPerSecond: envelopesPerSecond(decode.median) },
      },
      loro: null,
      loroNote: 'our wire protocol; nothing to compare with in Loro',
    },
    {
      id: 'codec-envelope-encode',
      label: 'codec: encode stored envelopes',
      unit: 'MB/s',
      better: 'higher',
      ours: { ...storeEncode, facts: { envelopes: envelopes.length, bytes: storedTotal } },
      loro: null,
    },
    {
      id: 'codec-envelope-decode',
      label: 'codec: decode stored envelopes',
      unit: 'MB/s',
      better: 'higher',
      ours: { ...storeDecode, facts: { envelopes: envelopes.length, bytes: storedTotal } },
      loro: null,
    },
  ]
}
