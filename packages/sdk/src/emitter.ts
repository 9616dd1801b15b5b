/** A tiny typed event emitter: `on` returns the unsubscribe function (nanostores' habit). */
export class Emitter<Events extends { [K in keyof Events]: unknown }> {
  private readonly listeners = new Map<keyof Events, Set<(value: never) => void>>()

  on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): () => void {
    let set = this.listeners.get(event)
    if (set === undefined) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener as (value: never) => void)
    return () => {
      set.delete(listener as (value: never) => void)
    }
  }

  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    const set = this.listeners.get(event)
    if (set === undefined) return
    for (const listener of [...set]) {
      try {
        ;(listener as (value: Events[K]) => void)(value)
      } catch (error) {
        // an app's listener that throws must not break the room's state machine
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }

  clear(): void {
    this.listeners.clear()
  }
}
