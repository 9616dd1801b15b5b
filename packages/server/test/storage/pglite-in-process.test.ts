import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openPgliteStorage } from '../../src/storage/index.js'
import { describeStorage } from './storage-suite.js'

// PGlite on the caller's own thread (`thread: false`), the way it ran before the worker thread
// became the default: still an option, so it keeps passing the same suite.
const root = mkdtempSync(join(tmpdir(), 'markdownsync-in-process-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describeStorage('PGlite in process, in memory', () => openPgliteStorage({ thread: false }))
describeStorage(
  'PGlite in process, on disk',
  () => openPgliteStorage({ dataDir: join(root, 'db'), thread: false }),
  { reopens: true },
)
