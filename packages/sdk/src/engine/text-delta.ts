/**
 * Operational transformation of Quill-style text deltas (`retain`, `insert`, `delete`, with
 * formatting attributes): apply, compose, transform and transformPosition, after ot.js
 * (Tim Baumann's TextOperation) and Quill's Delta. The room rebases its text edits with them
 * against changes the engine made meanwhile (text-rebase.ts, text-log.ts).
 *
 * Invariants (checked by test/unit/text-delta.property.test.ts):
 * TP1  apply(apply(s, a), transform(b, a, !f)) == apply(apply(s, b), transform(a, b, f));
 *      `first` decides ties: its inserts go before the other's at the same place, and its
 *      attributes win where both format the same characters;
 * apply(apply(s, a), b) == apply(s, compose(a, b)).
 *
 * Written small (it ships in the SDK's main chunk): one reader serves every function, and a
 * document's runs are a delta of inserts, so applying is composing.
 */
import type { TextAttributes, TextDelta, TextDeltaOp } from './engine.js'

/** Ops as this module builds them: exactly one of insert, delete, retain. */
type Op = {
  insert?: string
  delete?: number
  retain?: number
  attributes?: TextAttributes | undefined
}

const size = (op: Op): number => op.insert?.length ?? op.delete ?? op.retain ?? 0

/** Reads a delta in pieces; past its end it reads an endless retain. */
const reader = (delta: TextDelta) => {
  const ops = (delta as readonly Op[]).filter((op) => size(op) > 0)
  let i = 0
  let at = 0
  const left = (): number => (i < ops.length ? size(ops[i]!) - at : Infinity)
  const take = (n = Infinity): Op => {
    const op = ops[i]
    if (op === undefined) return { retain: n }
    const k = Math.min(n, size(op) - at)
    const from = at
    at += k
    if (at >= size(op)) {
      i++
      at = 0
    }
    return op.insert !== undefined
      ? { ...op, insert: op.insert.slice(from, from + k) }
      : op.delete !== undefined
        ? { delete: k }
        : { ...op, retain: k }
  }
  return [() => ops[i], left, take] as const
}

/** Equal attributes, whatever their keys' order. */
const sameKeys = (a: TextAttributes = {}, b: TextAttributes = {}): boolean =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.keys(a).every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]))

/** Appends an op, joining it to the last one when they are alike. */
const push = (out: Op[], op: Op): void => {
  const n = size(op)
  if (!(n > 0)) return
  const attributes =
    op.attributes === undefined || Object.keys(op.attributes).length === 0
      ? undefined
      : op.attributes
  const last = out[out.length - 1]
  if (
    last !== undefined &&
    (last.insert === undefined) === (op.insert === undefined) &&
    (last.delete === undefined) === (op.delete === undefined) &&
    sameKeys(last.attributes, attributes)
  ) {
    if (op.insert !== undefined) last.insert += op.insert
    else if (op.delete !== undefined) last.delete! += n
    else last.retain! += n
    return
  }
  const copy: Op = { ...op }
  if (attributes === undefined) delete copy.attributes
  out.push(copy)
}

/** Drops a trailing plain retain (it changes nothing). */
const chop = (out: Op[]): TextDelta => {
  const last = out[out.length - 1]
  if (last?.retain !== undefined && last.attributes === undefined) out.pop()
  return out as TextDeltaOp[]
}

/** `b`'s attributes over `a`'s; on an insert (`drop`) a null removes the key. */
const merge = (a?: TextAttributes, b?: TextAttributes, drop?: boolean): TextAttributes => {
  const out: Record<string, unknown> = { ...a, ...b }
  if (drop) for (const key in out) if (out[key] === null) delete out[key]
  return out
}

/** The delta that does `a` then `b`. */
export const compose = (a: TextDelta, b: TextDelta): TextDelta => {
  const [peekA, leftA, takeA] = reader(a)
  const [peekB, leftB, takeB] = reader(b)
  const out: Op[] = []
  while (peekA() !== undefined || peekB() !== undefined) {
    if (peekB()?.insert !== undefined) push(out, takeB())
    else if (peekA()?.delete !== undefined) push(out, takeA())
    else {
      const n = Math.min(leftA(), leftB())
      const x = takeA(n)
      const y = takeB(n)
      if (y.retain !== undefined)
        push(out, { ...x, attributes: merge(x.attributes, y.attributes, x.insert !== undefined) })
      else if (x.retain !== undefined) push(out, y)
    }
  }
  return chop(out)
}

/**
 * `a` rebased over `b` (both made on the same text): what does `a`'s intent after `b`. With
 * `first`, `a` wins ties (see the invariants above).
 */
export const transform = (a: TextDelta, b: TextDelta, first: boolean): TextDelta => {
  const [peekA, leftA, takeA] = reader(a)
  const [peekB, leftB, takeB] = reader(b)
  const out: Op[] = []
  while (peekA() !== undefined || peekB() !== undefined) {
    if (peekA()?.insert !== undefined && (first || peekB()?.insert === undefined))
      push(out, takeA())
    else if (peekB()?.insert !== undefined) push(out, { retain: size(takeB()) })
    else {
      const n = Math.min(leftA(), leftB())
      const x = takeA(n)
      const y = takeB(n)
      if (y.delete !== undefined) continue
      if (x.delete !== undefined || first || y.attributes === undefined) push(out, x)
      else {
        // b formats these characters too and wins: a keeps only the keys b leaves alone
        const attributes: Record<string, unknown> = { ...x.attributes }
        for (const key in y.attributes) delete attributes[key]
        push(out, { retain: n, attributes })
      }
    }
  }
  return chop(out)
}

/**
 * Where position `index` is after `delta`: moved by what is inserted or deleted before it
 * (an insert at the position itself stays after it).
 */
export const transformPosition = (index: number, delta: TextDelta): number => {
  let at = 0
  let out = index
  for (const op of delta as readonly Op[]) {
    if (at >= index) break
    const n = size(op)
    if (op.insert !== undefined) out += n
    else if (op.delete !== undefined) out -= Math.min(n, index - at)
    at += op.insert !== undefined ? 0 : n
  }
  return out
}

/** Formatted runs, as a block view's `text`. */
export type Runs = ReadonlyArray<{ readonly insert: string; readonly attributes?: TextAttributes }>

/**
 * `runs` with `delta` applied, normalized (adjacent runs with equal attributes joined), or
 * undefined when the delta reaches past the end of the text.
 */
export const applyToRuns = (runs: Runs, delta: TextDelta): Runs | undefined => {
  const out = compose(runs as TextDelta, delta) as readonly Op[]
  return out.every((op) => op.insert !== undefined) ? (out as Runs) : undefined
}
