/**
 * Sizes and repetitions. `BENCH_QUICK=1` shrinks everything for a smoke run (its figures are
 * not for publishing, and it does not write the results file); `BENCH_SEED` replays other
 * random choices.
 */
export interface Settings {
  readonly seed: number
  readonly repetitions: number
  readonly quick: boolean
  readonly localMoves: number
  readonly loroLocalMoves: number
  /**
   * Remote moves timed (ours, Loro) per undo/redo depth; depth 0 is an in-order remote move,
   * what the out-of-order ones are compared with.
   */
  readonly remoteMoves: Readonly<Record<number, readonly [number, number]>>
  /** Loro's concurrent imports take milliseconds each: fewer repetitions of them. */
  readonly loroRemoteRepetitions: number
  readonly inserts: number
  readonly mergeMoves: number
  readonly codecEnvelopes: number
  readonly replicaMoves: number
}

const quick = process.env.BENCH_QUICK === '1'
const seed = Number(process.env.BENCH_SEED ?? 20_251_124)

export const SETTINGS: Settings = quick
  ? {
      seed,
      repetitions: 2,
      quick,
      localMoves: 20_000,
      loroLocalMoves: 2_000,
      remoteMoves: { 0: [5_000, 300], 3: [5_000, 300], 20: [2_000, 300], 200: [500, 200] },
      loroRemoteRepetitions: 1,
      inserts: 2_000,
      mergeMoves: 2_000,
      codecEnvelopes: 2_000,
      replicaMoves: 2_000,
    }
  : {
      seed,
      repetitions: 5,
      quick,
      localMoves: 200_000,
      loroLocalMoves: 20_000,
      remoteMoves: { 0: [50_000, 300], 3: [50_000, 300], 20: [20_000, 300], 200: [4_000, 300] },
      loroRemoteRepetitions: 3,
      inserts: 20_000,
      mergeMoves: 20_000,
      codecEnvelopes: 20_000,
      replicaMoves: 20_000,
    }
