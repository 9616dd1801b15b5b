/**
 * The Yjs reference under the same editors and agents: per process one model document (a
 * full client whose changes are the editors' own, sent on their sockets) and one observer that
 * only receives, compared with the server at the end.
 */
import type * as Y from 'yjs'
import { seededRandom } from '../../core/random.js'
import type { GeneratorConfig, ObserverReport } from '../generator/config.js'
import type { ActionKind, Driver } from '../generator/driver.js'
import type { LoadStats } from '../measure/load-stats.js'
import { blocksInOrder, renderDocument } from './document-model.js'
import { YjsEditor, type YjsWorld } from './editor.js'
import { YjsReplicaClient } from './replica-client.js'

const ORDER_MAX_AGE_MS = 200
const FORGET_AFTER_MS = 60_000

export const createYjsDriver = (config: GeneratorConfig, stats: LoadStats): Driver => {
  const url = `${config.url}/${config.docId}`
  const model = new YjsReplicaClient(url, { sendLocal: false })
  const observer = new YjsReplicaClient(url, { sendLocal: false })
  let order: Y.XmlElement[] = []
  let orderAt = -Infinity
  const world: YjsWorld = {
    url,
    model: model.doc,
    stats,
    sent: new Map(),
    cursors: new Map(),
    viewportSize: config.viewportSize,
    jumpShare: config.jumpShare,
    stopping: false,
    order() {
      const now = performance.now()
      if (now - orderAt > ORDER_MAX_AGE_MS) {
        order = blocksInOrder(model.doc)
        orderAt = now
      }
      return order
    },
  }
  // an editor's change on the model goes out on the editor's own socket
  model.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin instanceof YjsEditor) origin.sendUpdate(update)
  })
  const total = config.editors + config.agents
  const idRandom = seededRandom(config.seed * 31 + config.firstActor)
  const actors: YjsEditor[] = []
  for (let i = 0; i < total; i++) {
    const isAgent = i >= config.editors
    actors.push(
      new YjsEditor(
        config.firstActor + i,
        // Yjs client ids are random 32-bit numbers; 2 and up (client 1 wrote the seed)
        2 + Math.floor(idRandom() * 0xffff_fff0),
        isAgent ? 'agent' : 'editor',
        world,
        seededRandom(config.seed * 7919 + config.firstActor + i),
        { structure: config.structureShare, deletes: isAgent ? 0.05 : 0.3 },
      ),
    )
  }
  const sweep = setInterval(() => {
    const old = Date.now() - FORGET_AFTER_MS
    for (const [key, sent] of world.sent) if (sent.at < old) world.sent.delete(key)
    for (const [key, at] of world.cursors) if (at < old) world.cursors.delete(key)
  }, 10_000)
  sweep.unref()

  return {
    actors: total,
    async join() {
      await Promise.all([model.synced, observer.synced])
      let failed = 0
      const pending: Promise<void>[] = []
      for (const actor of actors) {
        pending.push(actor.connect().catch(() => void failed++))
        await new Promise((resolve) => setTimeout(resolve, 1000 / config.joinPerSecond))
      }
      await Promise.all(pending)
      return { joined: total - failed, failed }
    },
    act(actor: number, action: ActionKind) {
      return actors[actor]!.act(action)
    },
    inFlight() {
      return actors.reduce((n, a) => n + Math.max(0, a.inFlight), 0)
    },
    seq() {
      return observer.updates
    },
    async verify(): Promise<ObserverReport[]> {
      const report = (name: string, client: YjsReplicaClient): ObserverReport => ({
        name,
        seq: client.updates,
        rendering: renderDocument(client.doc),
        blocks: blocksInOrder(client.doc).length,
        errors: client.errors,
      })
      return [
        report(`observer ${config.firstActor}`, observer),
        report(`model ${config.firstActor}`, model),
      ]
    },
    close() {
      world.stopping = true
      clearInterval(sweep)
      for (const actor of actors) actor.close()
      model.close()
      observer.close()
    },
  }
}
