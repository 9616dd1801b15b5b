import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { openPgliteStorage } from '../../src/storage/index.js'

const root = mkdtempSync(join(tmpdir(), 'markdownsync-crash-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

// DESIGN.md, Durability: what was acknowledged survives a crash at any moment. The child
// appends, says so, and is killed with SIGKILL; this process then opens the same folder.
it('PGlite on disk: a batch acknowledged before the process is killed is there after restart', async () => {
  const dataDir = join(root, 'db')
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('fixtures/append-then-die.ts', import.meta.url)),
      dataDir,
    ],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 60_000 },
  )
  expect(child.stdout, child.stderr).toBe('acknowledged\n')
  expect(child.signal).toBe('SIGKILL')

  // The child's lock is left behind, held by a pid that is gone: it is taken over.
  const storage = await openPgliteStorage({ dataDir })
  try {
    expect((await storage.getDocument('crash'))?.seq).toBe(50)
    expect((await storage.readOps('crash', 0, 100)).map((op) => op.seq)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    )
  } finally {
    await storage.close()
  }
}, 90_000)
