/**
 * The worker engine's script: it hosts the document engine (replica, Yjs, Markdown export) in a
 * Web Worker. The SDK starts it itself (`new Worker(new URL('./engine.worker.js',
 * import.meta.url), { type: 'module' })`); apps whose bundler needs to see it written in the app
 * import it as `@markdownsync/sdk/worker` (with Vite:
 * `import EngineWorker from '@markdownsync/sdk/worker?worker'`).
 */
// first, before core's modules load: see there
import './worker-document.js'
import { hostEngine } from './engine-host.js'
import { removeStandInDocument } from './worker-document.js'
import type { MessageEndpoint } from './worker-protocol.js'

removeStandInDocument()
const scope = globalThis as unknown as Partial<MessageEndpoint> & { WorkerGlobalScope?: unknown }
// only inside a worker: imported anywhere else by mistake, it must not take a window's messages
if (typeof scope.WorkerGlobalScope === 'function' && typeof scope.postMessage === 'function')
  hostEngine(scope as MessageEndpoint)
