/**
 * One PGlite per data folder. PGlite has no lock of its own: two instances on one folder (two
 * servers, or one opened twice) each keep their own buffers, and writes of one vanish for the
 * other and after a restart (seen with PGlite 0.5). So the folder holds a lock file with its
 * owner's pid, the way PostgreSQL's postmaster.pid does.
 *
 * A lock whose pid is not running was left by a crash and is taken over; so is one holding this
 * process's own pid that this process did not take (a restarted container reuses pids). Two
 * processes taking over the same stale lock at the same instant can both win; starting two
 * servers on one folder at once after a crash is the case this does not cover.
 */
import { link, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

export const LOCK_FILE = 'markdownsync.lock'

export interface DataDirLock {
  release(): Promise<void>
}

/** The folders this process holds, resolved. */
const held = new Set<string>()

const errorCode = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user.
    return errorCode(error) === 'EPERM'
  }
}

/** The pid in the lock file; undefined when the file is gone or holds no pid. */
const readOwner = async (path: string): Promise<number | undefined> => {
  try {
    const pid = Number.parseInt(await readFile(path, 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/** Takes the folder's lock, or throws naming the process that holds it. */
export const lockDataDir = async (dataDir: string): Promise<DataDirLock> => {
  const folder = resolve(dataDir)
  const path = join(folder, LOCK_FILE)
  if (held.has(folder)) throw new Error(`${folder} is already open in this process`)
  // Written aside, then linked into place: link fails when the lock exists, so taking it is
  // atomic, and a lock file is never seen without its pid.
  const pending = `${path}.${process.pid}`
  await writeFile(pending, `${process.pid}\n`)
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(pending, path)
        held.add(folder)
        return {
          release: async () => {
            held.delete(folder)
            await rm(path, { force: true })
          },
        }
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error
      }
      const owner = await readOwner(path)
      if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `${folder} is in use by process ${owner} (${LOCK_FILE}); if no server runs there, delete that file`,
        )
      }
      await rm(path, { force: true })
    }
    throw new Error(`could not take the lock ${path}`)
  } finally {
    await rm(pending, { force: true })
  }
}
