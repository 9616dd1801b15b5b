import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LOCK_FILE, lockDataDir } from '../../src/storage/data-dir-lock.js'
import { openPgliteStorage } from '../../src/storage/index.js'

const root = mkdtempSync(join(tmpdir(), 'markdownsync-lock-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let folders = 0
/** A new empty folder, with a lock file holding `lockContent` when given. */
const newFolder = (lockContent?: string): string => {
  const folder = join(root, `db-${++folders}`)
  mkdirSync(folder)
  if (lockContent !== undefined) writeFileSync(join(folder, LOCK_FILE), lockContent)
  return folder
}
const lockOwner = (folder: string): string => readFileSync(join(folder, LOCK_FILE), 'utf8').trim()

// Above Linux's largest pid_max (2^22), so no process can have it.
const NO_SUCH_PID = 2 ** 22 + 1

describe('the PGlite data folder lock', () => {
  it('a folder locked in this process cannot be locked again until released', async () => {
    const folder = newFolder()
    const lock = await lockDataDir(folder)
    expect(lockOwner(folder)).toBe(String(process.pid))
    await expect(lockDataDir(folder)).rejects.toThrow(/already open in this process/)
    await lock.release()
    await (await lockDataDir(folder)).release()
  })

  it('a lock held by another running process is refused, naming that process', async () => {
    const folder = newFolder(`${process.ppid}\n`)
    await expect(lockDataDir(folder)).rejects.toThrow(`in use by process ${process.ppid}`)
  })

  it.each([
    ['a process that is not running', `${NO_SUCH_PID}\n`],
    ["this process's pid, from an earlier run (pids are reused)", `${process.pid}\n`],
    ['no pid at all', ''],
  ])('a lock left by %s is taken over', async (_, content) => {
    const folder = newFolder(content)
    const lock = await lockDataDir(folder)
    expect(lockOwner(folder)).toBe(String(process.pid))
    await lock.release()
  })

  it('openPgliteStorage refuses a folder that is open, and opens it once it is closed', async () => {
    const dataDir = newFolder()
    const first = await openPgliteStorage({ dataDir })
    await expect(openPgliteStorage({ dataDir })).rejects.toThrow(/already open/)
    await first.close()
    await (await openPgliteStorage({ dataDir })).close()
  }, 60_000)
})
