/**
 * The playground dev server's bots service (apps/playground/bots): start and stop simulated
 * editors on a document, and read their figures. Same origin as the app.
 */
import type { BotsStats } from '../../bots/stats.js'

export type { BotsStats, CrowdState, LatencySummary } from '../../bots/stats.js'
export { EDITOR_LIMITS } from '../../bots/stats.js'

const failure = async (response: Response): Promise<Error> => {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { message?: string } }
    | undefined
  if (response.status === 404)
    return new Error('No bots service here: it runs in the playground’s dev and preview servers.')
  return new Error(body?.error?.message ?? `${response.status} ${response.statusText}`)
}

const post = async (path: string, body?: unknown): Promise<void> => {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
  })
  if (!response.ok) throw await failure(response)
}

/** Starts `editors` bots on `doc` (replacing bots already running). */
export const startBots = (doc: string, editors: number): Promise<void> =>
  post('/bots/start', { doc, editors })

export const stopBots = (): Promise<void> => post('/bots/stop')

export const botsStats = async (): Promise<BotsStats> => {
  const response = await fetch('/bots/stats', { cache: 'no-store' })
  if (!response.ok) throw await failure(response)
  return (await response.json()) as BotsStats
}
