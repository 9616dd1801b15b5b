import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LOCK_FILE, lockDataDir } from '../../src/storage/data-dir-lock.js'
import { openPgliteStorage } from '../../src/storage/index.js'

const root = mkdtempSync(join(tmpdir(), 'markdownsync-lock-'))
let folders = 0
const newFolder = (): string => {
  const folder = join(root, `db-${++folders}`)
  writeFileSync(join(root, '.keep'), '')
  rmSync(folder, { recursive: true, force: true })
  return folder
}

afterAll(() => rmSync(root, { recursive: true, force: true }))

// Above Linux's largest pid_max (2^22), so no process can have it.
const NO_SUCH_PID = 2 ** 22 + 1

describe('the PGlite data folder lock', () => {
  it('a folder locked in this process cannot be locked again until released', async () => {
    const folder = newFolder()
    await import('node:fs/promises').then((fs) => fs.mkdir(folder))
    const lock = await lockDataDir(folder)
    expect(readFileSync(join(folder, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid))
    await expect(lockDataDir(folder)).rejects.toThrow(/already open in this process/)
    await lock.release()
    const again = await lockDataDir(folder)
    await again.release()
  })

  it('a lock held by another running process is refused, naming that process', async () => {
    const folder = newFolder()
    await import('node:fs/promises').then((fs) => fs.mkdir(folder))
    writeFileSync(join(folder, LOCK_FILE), `${process.ppid}\n`)
    await expect(lockDataDir(folder)).rejects.toThrow(`in use by process ${process.ppid}`)
  })

  it.each([
    ['a process that is not running', `${NO_SUCH_PID}\n`],
    ["this process's pid, from an earlier run (pids are reused)", `${process.pid}\n`],
    ['no pid at all', ''],
  ])('a lock left by %s is taken over', async (_, content) => {
    const folder = newFolder()
    await import('node:fs/promises').then((fs) => fs.mkdir(folder))
    writeFileSync(join(folder, LOCK_FILE), content)
    const lock = await lockDataDir(folder)
    expect(readFileSync(join(folder, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid))
    await lock.release()
  })

  it('openPgliteStorage refuses a folder that is open, and opens it once it is closed', async () => {
    const dataDir = newFolder()
    const first = await openPgliteStorage({ dataDir })
    await expect(openPgliteStorage({ dataDir })).rejects.toThrow(/already open/)
    await first.close()
    const second = await openPgliteStorage({ dataDir })
    await second.close()
  }, 60_000)
})
