/**
 * What an app pays for the SDK: esbuild bundles it the way an app's bundler would (browser,
 * ESM, minified) and we weigh, gzipped, what an app loads at start (the main entry and
 * everything it imports statically: the dynamic import of the inline engine is a chunk
 * boundary), what the inline engine's lazy chunk adds (and the other lazy chunks), and the
 * worker script. Each is weighed with Yjs left out (`yjs` external: an app that uses Yjs pays
 * for it once) and with it.
 *
 * A last row weighs esbuild's own `--splitting` output: its splitter puts every module a
 * barrel file (core's index) re-exports into one shared chunk that the entry imports, so an
 * app bundled that way loads the replica up front; splitters that work per module (Rollup,
 * Rolldown in Vite) give the first row.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, version as esbuildVersion, type OutputFile, type Plugin } from 'esbuild'

/** The main entry's budget: 25 kB (1000 bytes each) gzipped, without Yjs. */
export const MAIN_ENTRY_BUDGET_GZIP = 25_000

export type PartName =
  | 'main entry'
  | 'inline engine (lazy chunk)'
  | 'other lazy chunks (cursor canvas, text rebase, IndexedDB outbox)'
  | 'worker script'
  | 'main entry, esbuild --splitting'

export interface PartSize {
  readonly part: PartName
  /** Minified bytes and gzipped bytes, with Yjs external. */
  readonly minified: number
  readonly gzip: number
  /** The same with Yjs bundled in. */
  readonly minifiedWithYjs: number
  readonly gzipWithYjs: number
}

export interface BundleReport {
  readonly esbuild: string
  /** What was bundled: the built package (`dist`) or its TypeScript source (`src`). */
  readonly from: 'dist' | 'src'
  readonly budget: { readonly mainEntryGzip: number }
  readonly parts: readonly PartSize[]
  /** The modules with code in the main entry (paths from the package's folder). */
  readonly mainEntryModules: readonly string[]
}

const packageRoot = fileURLToPath(new URL('..', import.meta.url))

interface Weight {
  readonly minified: number
  readonly gzip: number
}

/** Minified and gzipped bytes of a set of output files. */
const weigh = (files: readonly OutputFile[]): Weight => ({
  minified: files.reduce((n, f) => n + f.contents.byteLength, 0),
  gzip: files.reduce((n, f) => n + gzipSync(f.contents, { level: 9 }).byteLength, 0),
})

interface BundleOptions {
  readonly yjsExternal: boolean
  readonly splitting?: boolean
  readonly plugins?: Plugin[]
}

const bundle = async (entry: string, options: BundleOptions) => {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: packageRoot,
    bundle: true,
    splitting: options.splitting ?? false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    metafile: true,
    write: false,
    outdir: 'bundle-size-out',
    external: options.yjsExternal ? ['yjs'] : [],
    plugins: options.plugins ?? [],
    logLevel: 'silent',
  })
  return { outputs: result.outputFiles, metafile: result.metafile }
}

/** Dynamic imports stay imports (what they load is not part of this chunk), but `keep`'s. */
const dynamicImportsExternal = (keep?: RegExp): Plugin => ({
  name: 'dynamic-imports-external',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && !keep?.test(args.path)
        ? { path: args.path, external: true }
        : undefined,
    )
  },
})

/** esbuild --splitting: the entry chunk and the chunks it imports statically. */
const splitInitialChunks = async (entry: string, yjsExternal: boolean): Promise<Weight> => {
  const { outputs, metafile } = await bundle(entry, { yjsExternal, splitting: true })
  const entryOutput = Object.keys(metafile.outputs).find(
    (path) => metafile.outputs[path]?.entryPoint !== undefined && path.endsWith('.js'),
  )
  const initial = new Set<string>()
  const visit = (path: string): void => {
    if (initial.has(path)) return
    initial.add(path)
    for (const i of metafile.outputs[path]?.imports ?? [])
      if (!i.external && i.kind === 'import-statement') visit(i.path)
  }
  if (entryOutput !== undefined) visit(entryOutput)
  const wanted = new Set([...initial].map((path) => join(packageRoot, path)))
  return weigh(outputs.filter((f) => wanted.has(f.path)))
}

const minus = (a: Weight, b: Weight): Weight => ({
  minified: a.minified - b.minified,
  gzip: a.gzip - b.gzip,
})

/**
 * The main entry, what the inline engine's lazy chunk adds to it, and what the other lazy
 * chunks add: bundles with one dynamic import more inlined each time, less the one before.
 * Bundling a chunk on its own with the main entry's modules external would not do: an external
 * module behind core's `export *` barrel stops esbuild from shaking the barrel, and in comes
 * the Markdown parser.
 */
const mainAndLazy = async (entry: string, yjsExternal: boolean) => {
  const [main, withInline, whole] = await Promise.all([
    bundle(entry, { yjsExternal, plugins: [dynamicImportsExternal()] }),
    bundle(entry, { yjsExternal, plugins: [dynamicImportsExternal(/\/inline-engine\.js$/)] }),
    bundle(entry, { yjsExternal }),
  ])
  const weights = [main, withInline, whole].map((b) => weigh(b.outputs))
  return {
    modules: Object.values(main.metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    ),
    main: weights[0]!,
    lazy: minus(weights[1]!, weights[0]!),
    otherLazy: minus(weights[2]!, weights[1]!),
  }
}

const part = (name: PartName, without: Weight, withYjs: Weight): PartSize => ({
  part: name,
  minified: without.minified,
  gzip: without.gzip,
  minifiedWithYjs: withYjs.minified,
  gzipWithYjs: withYjs.gzip,
})

/** Bundles the SDK from `dist` (what apps install; build first) or from `src`. */
export const measureBundle = async (from: 'dist' | 'src' = 'dist'): Promise<BundleReport> => {
  const ext = from === 'dist' ? 'js' : 'ts'
  const mainEntry = join(packageRoot, from, `index.${ext}`)
  const workerEntry = join(packageRoot, from, 'engine', `engine.worker.${ext}`)
  if (!existsSync(mainEntry)) throw new Error(`${mainEntry} is missing: run \`pnpm build\` first`)
  const [split, splitWithYjs, worker, workerWithYjs, esbuildSplit, esbuildSplitWithYjs] =
    await Promise.all([
      mainAndLazy(mainEntry, true),
      mainAndLazy(mainEntry, false),
      bundle(workerEntry, { yjsExternal: true }),
      bundle(workerEntry, { yjsExternal: false }),
      splitInitialChunks(mainEntry, true),
      splitInitialChunks(mainEntry, false),
    ])
  return {
    esbuild: esbuildVersion,
    from,
    budget: { mainEntryGzip: MAIN_ENTRY_BUDGET_GZIP },
    parts: [
      part('main entry', split.main, splitWithYjs.main),
      part('inline engine (lazy chunk)', split.lazy, splitWithYjs.lazy),
      part(
        'other lazy chunks (cursor canvas, text rebase, IndexedDB outbox)',
        split.otherLazy,
        splitWithYjs.otherLazy,
      ),
      part('worker script', weigh(worker.outputs), weigh(workerWithYjs.outputs)),
      part('main entry, esbuild --splitting', esbuildSplit, esbuildSplitWithYjs),
    ],
    mainEntryModules: split.modules,
  }
}
