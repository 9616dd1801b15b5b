import { openPgliteStorage } from '../../src/storage/index.js'
import { describeStorage } from './storage-suite.js'

// Each open is a new, empty database: nothing to reopen.
describeStorage('PGlite in memory', () => openPgliteStorage())
