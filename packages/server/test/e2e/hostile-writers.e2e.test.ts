/**
 * Writers that attack other writers or the server's memory rather than the codec: text written
 * under someone else's Yjs client id (TEXT-2), and floods of large ops that would pin memory
 * in the waiting-ops and resume buffers. Each was a bug the bad-input suite found.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT_ID } from '@markdownsync/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPgliteStorage } from '../../src/storage/index.js'
import { yjsDelete, yjsInsert } from '../support/hand-bytes.js'
import { type Harness, startServer, until } from '../support/harness.js'
import { retainedMemory } from '../support/memory.js'
import { RawSession } from '../support/raw-session.js'

let harness: Harness
let documents = 0
beforeAll(async () => {
  harness = await startServer({ dev: true })
})
afterAll(async () => {
  await harness.close()
})

const seedDocument = async (markdown: string): Promise<string> => {
  const id = `known-${++documents}`
  const created = await harness.app.inject({
    method: 'POST',
    url: '/v1/documents',
    payload: { id, markdown },
  })
  expect(created.statusCode).toBe(201)
  return id
}

const exported = async (docId: string): Promise<string> =>
  (await harness.app.inject({ method: 'GET', url: `/v1/documents/${docId}/markdown` })).body

describe('hostile writers', () => {
  /*
   * TEXT-1 says Yjs client ids are replica ids, and SEQ-2 keeps one writer's replica id from
   * another writer, but only for the envelope's stamp: the structs inside an `edit_text` update
   * are not checked, so a writer can write items under another writer's Yjs client id. Written
   * at clocks the victim has not reached yet, they wait in the server's Y.Doc until the victim
   * types up to them, take those clocks, and the victim's edits at the same clocks are then
   * dropped as already known: the victim is acknowledged and sees its text, the server and
   * every peer never do (and show the forged text as the victim's). Fix: refuse (`invalid_op`)
   * an update whose structs are not all of the envelope's own replica (a delete set may name
   * anyone's items) — in core's checkYjsUpdate or the sequencer, which know both.
   */
  it("TEXT-2: an update that writes under another writer's Yjs client id is refused, and that writer's typing still reaches everyone", async () => {
    const docId = await seedDocument('A paragraph\n')
    const victim = await harness.client(docId)
    const [block] = victim.doc.children(ROOT_ID)
    const typed = victim.doc.insertText(block!, 11, ' typed') // the victim's clocks 0–5
    await until(() => victim.acked.has(typed.id), 10_000, "the victim's first edit")
    const attacker = await RawSession.join(harness.url, docId)
    // the victim's clocks 11–16, which its second and third edits will reach
    const forged = attacker.envelope({
      kind: 'edit_text',
      block: block!,
      update: yjsInsert(victim.doc.replica, 11, 'forged'),
    })
    attacker.sendMessage({ type: 'ops', envelopes: [forged] })
    await until(
      () => attacker.rejects().length + attacker.acks().length === 1,
      10_000,
      'an answer to the forged op',
    )
    const more = victim.doc.insertText(block!, 17, ' more') // clocks 6–10
    const again = victim.doc.insertText(block!, 22, ' again') // clocks 11–16
    await until(() => victim.acked.has(more.id) && victim.acked.has(again.id), 10_000, 'acks')
    expect(victim.doc.text(block!)).toBe('A paragraph typed more again')
    expect(await exported(docId)).toBe('A paragraph typed more again\n')
    expect(attacker.rejects()).toEqual([
      expect.objectContaining({ opId: forged.id, code: 'invalid_op' }),
    ])
    await victim.close()
    attacker.terminate()
  })

  /*
   * Ops naming a block the document does not have wait outside the sequence (rooms/
   * waiting-ops.ts) for up to 30 s, bounded at 10,000 ops per room but not in bytes. An
   * `edit_text` carries up to 256 kB of Yjs update (a `merge_blocks` three of them), so one
   * session's burst of 1,000 ops pins ~250 MB for 30 s, and a few sessions pin gigabytes.
   * Fix: bound the waiting ops by bytes too (and per session), refusing beyond it with
   * `missing_dependency` at once.
   */
  it('ops waiting for a block that never comes cannot pin memory without bound', async () => {
    const docId = await seedDocument('A paragraph\n')
    const session = await RawSession.join(harness.url, docId, {}, { keep: (m) => m.type !== 'ops' })
    const text = 'w'.repeat(200_000)
    const baseline = await retainedMemory()
    const ops = 1_000 // the ops burst of one session
    for (let i = 0; i < ops; i += 4) {
      session.sendMessage({
        type: 'ops',
        envelopes: Array.from({ length: 4 }, (_, k) =>
          session.envelope({
            kind: 'edit_text',
            block: `missing${i + k}`,
            update: yjsInsert(session.welcome!.replica, 0, text),
          }),
        ),
      })
      await until(() => session.socket.bufferedAmount === 0, 10_000, 'the frame to go out')
    }
    // answered in order: once the pong is here, every op above went through the pipeline
    session.sendMessage({ type: 'ping', t: 1 })
    await session.next((m) => m.type === 'pong', 'pong')
    const held = (await retainedMemory()) - baseline
    session.terminate()
    expect(ops * text.length).toBeGreaterThan(190 * 1024 * 1024)
    expect(held).toBeLessThan(64 * 1024 * 1024)
  }, 60_000)

  /*
   * rooms/recent-ops.ts keeps the tail of the sequence for resuming sessions, "bounded by count
   * and by bytes". Entries leave the window by advancing `start`, but stay in the array until
   * 1,024 of them have left, so up to 1,024 ops are held whatever their size: with 250 kB text
   * edits that is 250 MB per room instead of the 32 MB budget (1 MB envelopes: 1 GB). Fix: clear
   * the slot when `start` passes it (or compact by bytes).
   */
  it('the tail kept for resuming sessions stays within its byte budget, whatever the size of the ops', async () => {
    // on disk: in memory, PGlite's files are array buffers and would count as held
    const dataDir = await mkdtemp(join(tmpdir(), 'markdownsync-recent-ops-'))
    const storage = await openPgliteStorage({ dataDir })
    const server = await startServer({ dev: true, storage })
    try {
      const created = await server.app.inject({
        method: 'POST',
        url: '/v1/documents',
        payload: { id: 'recent', markdown: 'A paragraph\n' },
      })
      expect(created.statusCode).toBe(201)
      const writer = await RawSession.join(
        server.url,
        'recent',
        {},
        { keep: (m) => m.type !== 'ops' },
      )
      const [block] = server.app.markdownsync.rooms.get('recent')!.replica.children(ROOT_ID)
      const text = 'r'.repeat(250_000)
      const client = writer.welcome!.replica
      const baseline = await retainedMemory()
      const rounds = 450
      for (let round = 0; round < rounds; round++) {
        const clock = round * text.length
        writer.sendMessage({
          type: 'ops',
          envelopes: [
            writer.envelope({
              kind: 'edit_text',
              block: block!,
              update: yjsInsert(client, clock, text),
            }),
            writer.envelope({
              kind: 'edit_text',
              block: block!,
              update: yjsDelete(client, clock, text.length),
            }),
          ],
        })
        await until(() => writer.acks().length >= 2 * round - 20, 30_000, 'acks')
      }
      await until(() => writer.acks().length === 2 * rounds, 30_000, 'every ack')
      const held = (await retainedMemory()) - baseline
      expect(held).toBeLessThan(64 * 1024 * 1024)
    } finally {
      await server.close()
      await storage.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 120_000)
})
