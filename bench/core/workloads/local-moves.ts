/**
 * Workload 1, local moves: a 2,000-block document, then a script of random moves (to the slot
 * next to a random block, or into one as its first or last child), each applied as its author
 * would: work out the key, stamp the op, apply it. Loro replays the first tenth of the same
 * script (ops/s is what is compared). A variant truncates the log as clients do at a stable
 * point.
 */
import { createClock } from '@markdownsync/core'
import { freeLoro, loroFrom, loroMove, loroShapeOf } from '../loro.js'
import { perSecond, repeat, repeatTogether, type Summary } from '../measure.js'
import { generateMoves, type MoveScript } from '../move-script.js'
import { blockIds, creationOps, scriptedMove, shapeOf, treeFrom } from '../ours.js'
import { seededRandom } from '../random.js'
import type { Row } from '../report.js'
import type { Settings } from '../settings.js'
import { type DocumentShape, documentShape, topLevelBlocks } from '../shape.js'

export const DOCUMENT_BLOCKS = 2_000

const percent = (share: number): string => `${Math.round(share * 100)}%`

interface Run {
  readonly ms: number
  readonly cycles: number
  readonly shape?: string[]
}

/** Ops between two truncations in the truncating variant (the log then holds 1–2× that). */
export const TRUNCATE_EVERY = 1_000

const runOurs = (
  shape: DocumentShape,
  ids: readonly string[],
  script: MoveScript,
  count: number,
  seed: number,
  options: { withShape?: boolean; truncate?: boolean } = {},
): Run => {
  const clock = createClock(1)
  const random = seededRandom(seed)
  const tree = treeFrom(creationOps(shape, ids, clock, random))
  const recent: string[] = []
  let cycles = 0
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    const op = scriptedMove(tree, ids, script, i, clock, random)
    if (tree.apply(op)![0] === 'cycle') cycles++
    if (options.truncate) {
      // as if the server declared stable everything older than the last TRUNCATE_EVERY ops
      recent.push(op.id)
      if (recent.length === 2 * TRUNCATE_EVERY) {
        tree.truncate(recent[TRUNCATE_EVERY - 1]!)
        recent.splice(0, TRUNCATE_EVERY)
      }
    }
  }
  const ms = performance.now() - start
  return options.withShape ? { ms, cycles, shape: shapeOf(tree, ids) } : { ms, cycles }
}

const runLoro = (
  shape: DocumentShape,
  script: MoveScript,
  count: number,
  commitEach: boolean,
  ids?: readonly string[],
): Run => {
  const replica = loroFrom(shape, 1n)
  let cycles = 0
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    if (!loroMove(replica, script, i)) cycles++
    if (commitEach) replica.doc.commit()
  }
  replica.doc.commit()
  const ms = performance.now() - start
  const finalShape = ids === undefined ? undefined : loroShapeOf(replica, ids)
  freeLoro(replica)
  return finalShape === undefined ? { ms, cycles } : { ms, cycles, shape: finalShape }
}

export const localMoves = (settings: Settings): Row[] => {
  const shape = documentShape(DOCUMENT_BLOCKS, settings.seed)
  const ids = blockIds(DOCUMENT_BLOCKS, settings.seed + 1)
  const script = generateMoves(shape, settings.localMoves, settings.seed + 2)
  const loroCount = Math.min(settings.loroLocalMoves, script.length)

  // Same prefix of the script on both trees: same refusals, same final shape.
  const oursCheck = runOurs(shape, ids, script, loroCount, settings.seed + 3, {
    withShape: true,
  })
  const loroCheck = runLoro(shape, script, loroCount, true, ids)
  let mismatched = 0
  for (let i = 0; i < ids.length; i++) if (oursCheck.shape![i] !== loroCheck.shape![i]) mismatched++
  const expectedPrefixCycles = countExpected(script, loroCount)

  let oursCycles = 0
  // Loro is measured both ways and compared at its faster one: a commit per move (each user
  // action its own transaction, like each of our ops) and one commit for the whole batch.
  const figures = repeatTogether(settings.repetitions, {
    ours: () => {
      const run = runOurs(shape, ids, script, script.length, settings.seed + 3)
      oursCycles = run.cycles
      return { value: perSecond(script.length, run.ms) }
    },
    loroEach: () => ({
      value: perSecond(loroCount, runLoro(shape, script, loroCount, true).ms),
    }),
    loroBatch: () => ({
      value: perSecond(loroCount, runLoro(shape, script, loroCount, false).ms),
    }),
  })
  const { ours, loroEach, loroBatch } = figures
  // Apart, after the others: run between two full-log runs it paid for collecting their
  // 200,000-entry logs, and came out slower than the full log itself.
  const truncating = repeat(settings.repetitions, () => {
    const run = runOurs(shape, ids, script, script.length, settings.seed + 3, { truncate: true })
    return { value: perSecond(script.length, run.ms) }
  })
  const loro: Summary = loroEach.median >= loroBatch.median ? loroEach : loroBatch
  const withFacts = (summary: Summary, facts: Summary['facts']): Summary => ({
    ...summary,
    facts: { ...summary.facts, ...facts },
  })
  const main: Row = {
    id: 'local-moves',
    label: 'local moves',
    unit: 'moves/s',
    better: 'higher',
    ours: withFacts(ours, {
      moves: script.length,
      cycleRejections: oursCycles,
      expectedCycleRejections: script.expectedCycles,
    }),
    loro: withFacts(loro, {
      moves: loroCount,
      commitPerMove: loroEach.median,
      oneCommit: loroBatch.median,
      compared: loro === loroEach ? 'commit per move' : 'one commit',
      cycleRejections: loroCheck.cycles,
    }),
    targets: [
      { text: '≥ 300,000/s', met: ours.median >= 300_000 },
      { text: '≥ Loro', met: ours.median >= loro.median },
    ],
    notes: [
      `document: ${DOCUMENT_BLOCKS} blocks, ${percent(topLevelBlocks(shape).length / shape.size)} top-level, nested ≤ 3 deep; after the script: ${percent(script.topLevelShare)} top-level, max depth ${script.maxDepth}, mean ${script.meanDepth.toFixed(2)}; ${percent(script.expectedCycles / script.length)} of moves try to form a cycle`,
      `same ${loroCount}-move prefix on both: cycle refusals ours ${oursCheck.cycles}, Loro ${loroCheck.cycles}, expected ${expectedPrefixCycles}; blocks whose parent or sibling index differ: ${mismatched}`,
    ],
  }
  const truncated: Row = {
    id: 'local-moves-truncating',
    label: `local moves, log truncated every ${TRUNCATE_EVERY.toLocaleString('en-US')}`,
    unit: 'moves/s',
    better: 'higher',
    ours: truncating,
    loro: null,
    loroNote: 'Loro keeps its whole history; the local-moves line compares with it',
    notes: [
      `as a client does when the server announces a stable point: \`truncate\` drops log entries older than the last ${TRUNCATE_EVERY.toLocaleString('en-US')} ops (the log holds ${TRUNCATE_EVERY.toLocaleString('en-US')}–${(2 * TRUNCATE_EVERY).toLocaleString('en-US')} entries instead of ${(DOCUMENT_BLOCKS + script.length).toLocaleString('en-US')})`,
    ],
  }
  return [main, truncated]
}

const countExpected = (script: MoveScript, count: number): number => {
  // the generator counts over the whole script; recount the prefix from its cycle moves
  let cycles = 0
  for (let i = 0; i < count; i++) if (script.cycleMoves[i] === 1) cycles++
  return cycles
}
