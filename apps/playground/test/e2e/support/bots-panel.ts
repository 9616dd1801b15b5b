/**
 * Driving the "simulate editors" panel the way a user does (the number of editors, Start,
 * Stop) and reading its figures back from the page.
 */
import type { Locator, Page } from 'playwright-core'

export const botsPanel = (page: Page): Locator => page.locator('[data-testid="bots-panel"]')

/** Types N in the panel and presses Start. */
export const startBotsFromPanel = async (page: Page, editors: number): Promise<void> => {
  const panel = botsPanel(page)
  const count = panel.locator('[data-testid="bots-editors"]')
  await count.fill(String(editors))
  await count.press('Enter')
  await panel.locator('[data-testid="bots-start"]').click()
}

export const stopBotsFromPanel = (page: Page): Promise<void> =>
  botsPanel(page).locator('[data-testid="bots-stop"]').click()

/** A figure the panel shows (its `data-value`), or NaN while it shows none. */
export const panelFigure = async (page: Page, testId: 'bots-sessions' | 'bots-ops-in') => {
  const value = await botsPanel(page)
    .locator(`[data-testid="${testId}"]`)
    .getAttribute('data-value')
  return value === null || value === '' ? Number.NaN : Number(value)
}

/** The panel's crowd state: idle, joining, running, stopping or failed. */
export const panelState = async (page: Page): Promise<string | null> =>
  botsPanel(page).getAttribute('data-state')
