// Adds up the JSON reports that vitest wrote in every workspace package and prints one line per
// package, then the total as the last line, `N passed, N failed`, which CI reads.
//
//   node .ci/summarize.mjs --results <path inside each package> [--clean]
//
// --clean deletes old reports first, so a package whose tests did not run this time cannot be
// counted with last run's numbers. A package that has a `test` script but left no report (its
// build or its test runner crashed) counts as one failure: silence is not a pass.
// Exit code: 0 when nothing failed, 1 otherwise.

import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const resultsIndex = args.indexOf('--results')
const resultsPath = resultsIndex >= 0 ? args[resultsIndex + 1] : undefined
if (!resultsPath) {
  console.error('usage: node .ci/summarize.mjs --results <path inside each package> [--clean]')
  process.exit(2)
}

// pnpm-workspace.yaml lists plain directories and `dir/*` globs only; that is all we expand.
function workspacePackageDirs() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
  const patterns = [...yaml.matchAll(/^\s*-\s*['"]?([^'"\s#]+)['"]?\s*$/gm)].map((m) => m[1])
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)]
    const parent = join(root, pattern.slice(0, -2))
    if (!existsSync(parent)) return []
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name))
  })
}

function readManifest(dir) {
  const file = join(dir, 'package.json')
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
}

const packages = workspacePackageDirs()
  .map((dir) => ({ dir, manifest: readManifest(dir) }))
  .filter(({ manifest }) => manifest?.scripts?.test)

if (args.includes('--clean')) {
  for (const { dir } of packages) rmSync(join(dir, resultsPath), { force: true })
  process.exit(0)
}

// A test file that fails to load has no failed test inside it, only a failed file; count it.
function countReport(report) {
  const brokenFiles = report.testResults.filter(
    (file) =>
      file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  )
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles.length,
    skipped: report.numPendingTests + report.numTodoTests,
    brokenFiles: brokenFiles.map((file) => relative(root, file.name)),
  }
}

const total = { passed: 0, failed: 0, skipped: 0 }
for (const { dir, manifest } of packages) {
  const file = join(dir, resultsPath)
  const counts = existsSync(file)
    ? countReport(JSON.parse(readFileSync(file, 'utf8')))
    : { passed: 0, failed: 1, skipped: 0, brokenFiles: [], missing: true }
  total.passed += counts.passed
  total.failed += counts.failed
  total.skipped += counts.skipped
  const detail = counts.missing
    ? 'no test report: its tests did not run or crashed (counted as 1 failure)'
    : `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`
  console.log(`  ${manifest.name.padEnd(24)} ${detail}`)
  for (const broken of counts.brokenFiles) console.log(`    could not run ${broken}`)
}
if (total.skipped > 0) console.log(`  (${total.skipped} skipped)`)
console.log(`${total.passed} passed, ${total.failed} failed`)
process.exit(total.failed > 0 ? 1 : 0)
