/**
 * What the process holds after a full garbage collection, for tests that bound memory: the JS
 * heap plus array buffers (queued frames and socket buffers are Buffers, outside the heap;
 * PGlite's WASM memory is in neither, so the storage's own cache does not count).
 *
 * `gc` is not exposed to test workers; the flag can still be turned on at run time, and a new
 * context then sees the function (a documented V8 behaviour, used instead of a test-runner
 * flag so the suites run as configured).
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

/**
 * Collects a few times, a turn of the event loop apart: array buffers are swept on a background
 * thread after a collection, so one `gc()` can leave garbage buffers counted.
 */
export const retainedMemory = async (): Promise<number> => {
  for (let i = 0; i < 3; i++) {
    collectGarbage()
    await new Promise((resolve) => setImmediate(resolve))
  }
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}
