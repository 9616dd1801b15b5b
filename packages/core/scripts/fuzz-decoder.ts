/**
 * Runs the protocol decoder fuzzer for as long as asked and prints throughput and the count of
 * each outcome. Exits 1 if any frame threw, failed with an unknown code, or did not round-trip.
 *
 *   npx tsx scripts/fuzz-decoder.ts --frames 1000000 --seed 42
 */
import { parseArgs } from 'node:util'
import { fuzzDecoders } from '../test/protocol/fuzz.js'

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '1000000' },
    seed: { type: 'string' },
  },
})
const frames = Number(values.frames)
const seed =
  values.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : Number(values.seed) >>> 0
if (!Number.isSafeInteger(frames) || frames <= 0) {
  console.error('--frames must be a positive integer')
  process.exit(2)
}

// Chunks of 100k frames, each with its own derived seed, so progress shows on long runs and
// any chunk can be replayed alone.
const CHUNK = 100_000
const codes: Record<string, number> = {}
let done = 0
let problems = 0
let decodeMs = 0
const started = performance.now()
for (let chunk = 0; done < frames; chunk++) {
  const chunkSeed = (seed + Math.imul(chunk, 0x9e3779b9)) >>> 0
  const report = fuzzDecoders(chunkSeed, Math.min(CHUNK, frames - done))
  done += report.frames
  problems += report.problems
  decodeMs += report.decodeMs
  for (const [code, n] of Object.entries(report.codes)) codes[code] = (codes[code] ?? 0) + n
  for (const finding of report.findings) console.error(`chunk seed ${chunkSeed}: ${finding}`)
  const seconds = (performance.now() - started) / 1000
  console.log(
    `${done.toLocaleString('en')} frames, ${Math.round(done / seconds).toLocaleString('en')} frames/s`,
  )
}

const seconds = (performance.now() - started) / 1000
console.log(`\nseed ${seed}: ${done.toLocaleString('en')} frames in ${seconds.toFixed(1)} s`)
console.log(
  `throughput: ${Math.round(done / seconds).toLocaleString('en')} frames/s (generation included)`,
)
console.log(`decoding alone: ${Math.round(done / (decodeMs / 1000)).toLocaleString('en')} frames/s`)
for (const [code, n] of Object.entries(codes).sort((a, b) => b[1] - a[1])) {
  console.log(`  ${code.padEnd(22)} ${n.toLocaleString('en').padStart(12)}`)
}
console.log(problems === 0 ? 'no problems' : `${problems} PROBLEMS (see above)`)
process.exit(problems === 0 ? 0 : 1)
