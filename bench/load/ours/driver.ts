/**
 * Our server (designed or naive fanout) under simulated editors: one observer per process as
 * the model and the replica compared at the end, then the editors and agents, opened at a
 * steady pace so that joining does not become the benchmark.
 */
import { exportMarkdown } from '@markdownsync/core'
import { seededRandom } from '../../core/random.js'
import type { GeneratorConfig, ObserverReport } from '../generator/config.js'
import type { Driver } from '../generator/driver.js'
import type { LoadStats } from '../measure/load-stats.js'
import { type ActionKind, type EditorWorld, OurEditor } from './editor.js'
import { Observer } from './observer.js'

export const createOurDriver = (config: GeneratorConfig, stats: LoadStats): Driver => {
  const model = new Observer(config.url, config.docId)
  const world: EditorWorld = {
    url: config.url,
    docId: config.docId,
    model,
    stats,
    sessions: new Map(),
    viewportSize: config.viewportSize,
    jumpShare: config.jumpShare,
    stopping: false,
  }
  const actors: OurEditor[] = []
  const total = config.editors + config.agents
  for (let i = 0; i < total; i++) {
    const isAgent = i >= config.editors
    const random = seededRandom(config.seed * 7919 + config.firstActor + i)
    actors.push(
      new OurEditor(config.firstActor + i, isAgent ? 'agent' : 'editor', world, random, {
        structure: config.structureShare,
        deletes: isAgent ? 0.05 : 0.3,
      }),
    )
  }

  return {
    actors: total,
    async join() {
      await model.connect()
      let failed = 0
      const pending: Promise<void>[] = []
      const gapMs = 1000 / config.joinPerSecond
      for (const actor of actors) {
        pending.push(actor.connect().catch(() => void failed++))
        await new Promise((resolve) => setTimeout(resolve, gapMs))
      }
      await Promise.all(pending)
      return { joined: total - failed, failed }
    },
    act(actor: number, action: ActionKind) {
      return actors[actor]!.act(action)
    },
    inFlight() {
      return actors.reduce((n, a) => n + Math.max(0, a.unacked), 0)
    },
    async verify(): Promise<ObserverReport[]> {
      return [
        {
          name: `observer ${config.firstActor}`,
          seq: model.lastSeq,
          rendering: exportMarkdown(model.doc),
          blocks: model.order().length,
          errors: model.errors,
        },
      ]
    },
    seq() {
      return model.lastSeq
    },
    close() {
      world.stopping = true
      for (const actor of actors) actor.close()
      model.close()
    },
  }
}
