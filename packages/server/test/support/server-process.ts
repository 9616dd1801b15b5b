/**
 * The real CLI in a child process, so a test can `kill -9` it mid-write and start it again on
 * the same storage.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/markdownsync-server.js', import.meta.url))

export interface ServerProcess {
  readonly child: ChildProcess
  /** What the CLI printed up to the moment it listened. */
  readonly output: string
  readonly httpUrl: string
  readonly wsUrl: string
  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  kill(): Promise<void>
  stop(): Promise<void>
}

export const startServerProcess = (
  env: Record<string, string>,
  options: { cwd?: string; inheritEnv?: boolean } = {},
): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--port', '0', '--log', 'error'], {
      env: options.inheritEnv === false ? env : { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    })
    let output = ''
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/[\d.]+:(\d+))/.exec(output)
      if (match === null) return
      const httpUrl = match[1]!
      resolve({
        child,
        output,
        httpUrl,
        wsUrl: `${httpUrl.replace('http', 'ws')}/v1/sync`,
        async kill() {
          child.kill('SIGKILL')
          await exited
        },
        async stop() {
          child.kill('SIGTERM')
          await exited
        },
      })
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)))
  })
