/**
 * Imported first by the worker script, so it runs before core's modules load. Core's entry also
 * carries its Markdown parser, whose `decode-named-character-reference` dependency, in the
 * browser build that Vite and other bundlers pick, calls `document.createElement` as it loads:
 * in a worker, which has no document, that would kill the engine before it starts. The engine
 * never parses Markdown (it only exports it), so an element that refuses to be used is enough;
 * the worker script removes this document again once everything has loaded.
 */
const refuse = (): never => {
  throw new Error('the engine worker has no DOM (it does not parse Markdown)')
}

/** A stand-in `document` whose elements throw when used. */
const standIn = {
  createElement: () =>
    Object.defineProperties({}, { innerHTML: { set: refuse }, textContent: { get: refuse } }),
}

const scope = globalThis as { document?: unknown }
if (scope.document === undefined) scope.document = standIn

/** Takes the stand-in away (once the modules that needed it have loaded). */
export const removeStandInDocument = (): void => {
  if (scope.document === standIn) delete scope.document
}
