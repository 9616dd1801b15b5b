/**
 * A CPU profile of another Node process over exactly the measured window, through its
 * inspector (`node --inspect=127.0.0.1:0`, the Chrome DevTools protocol's Profiler domain).
 * `--cpu-prof` writes its profile only when the process exits, and a server jammed by the load
 * may not exit before it is killed; the inspector answers between two pieces of JavaScript
 * (V8 interrupts), so start and stop work however busy the server is.
 */
import WebSocket from 'ws'

/** The inspector's WebSocket URL, as Node prints it on stderr. */
export const INSPECTOR_URL = /Debugger listening on (ws:\/\/\S+)/

export class InspectorProfiler {
  private next = 1
  private readonly pending = new Map<number, (result: unknown) => void>()

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown }
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result)
    })
  }

  static async connect(url: string): Promise<InspectorProfiler> {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1 << 30 })
    await new Promise((resolve, reject) => {
      socket.once('open', resolve)
      socket.once('error', reject)
    })
    const profiler = new InspectorProfiler(socket)
    await profiler.call('Profiler.enable')
    await profiler.call('Profiler.setSamplingInterval', { interval: 1000 })
    return profiler
  }

  private call(method: string, params: object = {}): Promise<unknown> {
    const id = this.next++
    return new Promise((resolve) => {
      this.pending.set(id, resolve)
      this.socket.send(JSON.stringify({ id, method, params }))
    })
  }

  async start(): Promise<void> {
    await this.call('Profiler.start')
  }

  /** Stops and returns the profile (the `.cpuprofile` JSON). */
  async stop(): Promise<unknown> {
    const result = (await this.call('Profiler.stop')) as { profile: unknown }
    return result.profile
  }

  close(): void {
    this.socket.close()
  }
}
