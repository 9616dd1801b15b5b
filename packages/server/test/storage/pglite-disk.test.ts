import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openPgliteStorage } from '../../src/storage/index.js'
import { describeStorage } from './storage-suite.js'

const root = mkdtempSync(join(tmpdir(), 'markdownsync-storage-'))
// Parents that do not exist yet: openPgliteStorage creates them.
const dataDir = join(root, 'nested', 'db')

afterAll(() => rmSync(root, { recursive: true, force: true }))

describeStorage('PGlite on disk', () => openPgliteStorage({ dataDir }), { reopens: true })
