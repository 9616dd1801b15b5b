/**
 * How long this tab's own edits take to be saved: from the room saying it has unacknowledged
 * changes (`$synchronized` turns false) to every one of them being acknowledged (true again).
 * Under a crowd this is the user's edit latency, the server's queue and the tab's own work
 * together.
 */
import type { Room } from '@markdownsync/sdk'

export interface SaveLatency {
  /** Saves measured (the last 20 are kept). */
  readonly saves: number
  readonly p50: number
  readonly last: number
}

const KEEP = 20

/**
 * Follows the room's `$synchronized`; calls `onChange` after each save. Returns the
 * unsubscribe. Waiting for the document to load is not a save: timing starts once loaded.
 */
export const watchSaves = (
  room: Pick<Room, '$synchronized' | '$loaded'>,
  onChange: (latency: SaveLatency) => void,
): (() => void) => {
  const samples: number[] = []
  let since: number | undefined
  let saves = 0
  return room.$synchronized.subscribe((synchronized) => {
    if (!synchronized) {
      if (room.$loaded.get()) since ??= performance.now()
      return
    }
    if (since === undefined) return
    samples.push(performance.now() - since)
    since = undefined
    saves++
    if (samples.length > KEEP) samples.shift()
    const sorted = [...samples].sort((a, b) => a - b)
    onChange({
      saves,
      p50: sorted[Math.floor(sorted.length / 2)] ?? 0,
      last: samples.at(-1) ?? 0,
    })
  })
}
