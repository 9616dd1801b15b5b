/**
 * Debian's Chromium, driven by playwright-core, for every browser test and benchmark. Browser
 * downloads do not work on our machines, so the executable is the system one
 * (`CHROMIUM_PATH` overrides it); `.ci/run` installs it with apt.
 */
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH)

/** Launches headless Chromium; extra flags are appended to ours. */
export const launchChromium = (extraFlags: readonly string[] = []): Promise<Browser> => {
  if (!chromiumAvailable()) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, ...extraFlags],
  })
}
