/**
 * The acceptance suite every Storage implementation passes (automerge-repo's shared adapter
 * tests): each backend's test file calls `describeStorage` with a way to open it.
 *
 * One storage is opened for the whole suite and every test works on documents of its own
 * (unique ids), so tests are independent without a fresh database each; the backends' files make
 * each run start from an empty database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  type Storage,
  StorageConflictError,
  StorageNotFoundError,
  type StoredOp,
} from '../../src/storage/index.js'

export interface StorageSuiteOptions {
  /** `open()` reaches the same database every time: what was written before close is read after. */
  readonly reopens?: boolean
  /** Two storages may be open over the database at once, like two server processes. */
  readonly opensTwice?: boolean
}

let lastId = 0
const uniqueId = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${++lastId}`

/** An op whose envelope starts with its seq, so a misplaced envelope shows. */
const op = (seq: number, opId = `op-${seq}`): StoredOp => ({
  seq,
  opId,
  kind: seq % 2 === 0 ? 'edit_text' : 'insert_block',
  userId: `user-${seq % 3}`,
  envelope: new Uint8Array([seq & 0xff, 0x00, 0xff, (seq >> 8) & 0xff]),
})

/** Ops `from`..`to` inclusive. */
const ops = (from: number, to: number, idPrefix = 'op'): StoredOp[] =>
  Array.from({ length: to - from + 1 }, (_, i) => op(from + i, `${idPrefix}-${from + i}`))

/** Every byte value, then runs of 0x00 and 0xff, repeated to `size` bytes. */
const awkwardBytes = (size: number): Uint8Array => {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) {
    const block = Math.floor(i / 256) % 3
    bytes[i] = block === 0 ? i % 256 : block === 1 ? 0x00 : 0xff
  }
  return bytes
}

/** The first index where the two differ (or the shorter length), -1 when equal: quicker than a
 * deep equality over 256 Ki elements, and it says where they differ. */
const firstDifference = (actual: Uint8Array, expected: Uint8Array): number => {
  const length = Math.min(actual.length, expected.length)
  for (let i = 0; i < length; i++) if (actual[i] !== expected[i]) return i
  return actual.length === expected.length ? -1 : length
}

const isPlainOwnedBytes = (bytes: Uint8Array): boolean =>
  bytes.constructor === Uint8Array &&
  bytes.byteOffset === 0 &&
  bytes.byteLength === bytes.buffer.byteLength

export const describeStorage = (
  name: string,
  open: () => Promise<Storage>,
  options: StorageSuiteOptions = {},
): void => {
  describe(`${name} storage`, () => {
    let current: Storage | undefined
    const storage = (): Storage => {
      if (!current) throw new Error('the storage is not open')
      return current
    }

    // PGlite's first start compiles its WASM and runs initdb: seconds, not milliseconds.
    beforeAll(async () => {
      current = await open()
    }, 60_000)
    afterAll(async () => {
      await current?.close()
    })

    const newDocument = async (kind: DocumentKind = 'doc'): Promise<string> => {
      const id = uniqueId(kind)
      await storage().createDocument({ id, kind })
      return id
    }

    /** A document with ops 1..`seq` stored. */
    const documentAt = async (seq: number): Promise<string> => {
      const id = await newDocument()
      if (seq > 0) await storage().appendOps(id, ops(1, seq))
      return id
    }

    describe('documents', () => {
      it.each(DOCUMENT_KINDS)(
        'createDocument of kind %s returns the new record at seq 0',
        async (kind) => {
          const id = uniqueId(kind)
          const created = await storage().createDocument({ id, kind, metadata: { title: 'A' } })
          expect(created).toMatchObject({ id, kind, metadata: { title: 'A' }, seq: 0 })
          expect(created?.createdAt).toBeInstanceOf(Date)
          expect(await storage().getDocument(id)).toEqual(created)
        },
      )

      it('createDocument without metadata stores an empty object', async () => {
        const id = uniqueId('doc')
        await storage().createDocument({ id, kind: 'doc' })
        expect((await storage().getDocument(id))?.metadata).toEqual({})
      })

      it('createDocument of an existing id returns undefined and leaves the first record as it was', async () => {
        const id = uniqueId('doc')
        const first = await storage().createDocument({ id, kind: 'doc', metadata: { v: 1 } })
        const second = await storage().createDocument({ id, kind: 'slides', metadata: { v: 2 } })
        expect(second).toBeUndefined()
        expect(await storage().getDocument(id)).toEqual(first)
      })

      it('getDocument of an unknown id returns undefined', async () => {
        expect(await storage().getDocument(uniqueId('missing'))).toBeUndefined()
      })

      it('setMetadata replaces the metadata with an equal JSON value', async () => {
        const id = await newDocument()
        const metadata = {
          title: 'Notes — été ✓ 🙂',
          tags: ['a', 'b', 'a'],
          nested: { depth: { ratio: 1.5, largest: Number.MAX_SAFE_INTEGER, negative: -3 } },
          draft: false,
          owner: null,
          empty: { list: [], object: {} },
          quotes: `it's "quoted" \\ back`,
        }
        await storage().setMetadata(id, metadata)
        expect((await storage().getDocument(id))?.metadata).toEqual(metadata)
        await storage().setMetadata(id, { title: 'Only' })
        expect((await storage().getDocument(id))?.metadata).toEqual({ title: 'Only' })
      })

      it('setMetadata of an unknown document throws StorageNotFoundError', async () => {
        await expect(storage().setMetadata(uniqueId('missing'), {})).rejects.toBeInstanceOf(
          StorageNotFoundError,
        )
      })

      it('migrate run again keeps every document and op', async () => {
        const id = await documentAt(3)
        await storage().migrate()
        expect((await storage().getDocument(id))?.seq).toBe(3)
        expect(await storage().readOps(id, 0, 10)).toHaveLength(3)
      })
    })

    describe('op log', () => {
      it("appendOps stores a batch that readOps returns in seq order, and the document's seq becomes its last seq", async () => {
        const id = await newDocument()
        await storage().appendOps(id, ops(1, 3))
        await storage().appendOps(id, ops(4, 5))
        expect(await storage().readOps(id, 0, 100)).toEqual(ops(1, 5))
        expect((await storage().getDocument(id))?.seq).toBe(5)
      })

      it('readOps returns only the ops after afterSeq, at most limit', async () => {
        const id = await documentAt(10)
        expect(await storage().readOps(id, 4, 3)).toEqual(ops(5, 7))
        expect(await storage().readOps(id, 8, 100)).toEqual(ops(9, 10))
      })

      it('readOps past the end, or of an unknown document, returns no ops', async () => {
        const id = await documentAt(2)
        expect(await storage().readOps(id, 2, 10)).toEqual([])
        expect(await storage().readOps(uniqueId('missing'), 0, 10)).toEqual([])
      })

      it('appendOps of an empty batch changes nothing', async () => {
        const id = await documentAt(2)
        await storage().appendOps(id, [])
        expect((await storage().getDocument(id))?.seq).toBe(2)
      })

      it('appendOps to an unknown document throws StorageNotFoundError', async () => {
        await expect(storage().appendOps(uniqueId('missing'), ops(1, 2))).rejects.toBeInstanceOf(
          StorageNotFoundError,
        )
      })

      // Each case is a batch offered to a document that holds ops 1..3.
      const refused: [string, StoredOp[]][] = [
        ['a batch that starts past seq + 1 (a gap before it)', ops(5, 6, 'new')],
        ['a batch with a gap inside', [op(4, 'new-4'), op(6, 'new-6')]],
        ['a batch that reuses a stored seq', ops(3, 4, 'new')],
        ['a batch that starts over at seq 1', ops(1, 2, 'new')],
        ['a batch whose seqs run backwards', [op(5, 'new-5'), op(4, 'new-4')]],
        ['a batch that repeats an op id within itself', [op(4, 'new-x'), op(5, 'new-x')]],
        // The stored id comes last, so the first rows are written before the violation shows.
        ['a batch that repeats a stored op id', [op(4, 'new-4'), op(5, 'new-5'), op(6, 'op-2')]],
      ]
      it.each(refused)(
        'SEQ: %s is refused with StorageConflictError and changes nothing',
        async (_, batch) => {
          const id = await documentAt(3)
          await expect(storage().appendOps(id, batch)).rejects.toBeInstanceOf(StorageConflictError)
          expect((await storage().getDocument(id))?.seq).toBe(3)
          expect(await storage().readOps(id, 0, 100)).toEqual(ops(1, 3))
          expect(
            await storage().findOps(
              id,
              batch.map((o) => o.opId),
            ),
          ).toEqual(new Map(batch.filter((o) => o.opId === 'op-2').map((o) => [o.opId, 2])))
        },
      )

      it('a refused batch too large for one statement changes nothing either', async () => {
        // 1,500 ops take two INSERT statements: the first succeeds, the second hits the stored
        // op id, and the transaction must take the first one back.
        const id = await documentAt(3)
        const batch = ops(4, 1503, 'new')
        batch[batch.length - 1] = op(1503, 'op-2')
        await expect(storage().appendOps(id, batch)).rejects.toBeInstanceOf(StorageConflictError)
        expect((await storage().getDocument(id))?.seq).toBe(3)
        expect(await storage().readOps(id, 0, 2000)).toEqual(ops(1, 3))
      })

      it('after a refused batch, the right batch is stored', async () => {
        const id = await documentAt(3)
        await expect(storage().appendOps(id, ops(5, 6))).rejects.toBeInstanceOf(
          StorageConflictError,
        )
        await storage().appendOps(id, ops(4, 6))
        expect(await storage().readOps(id, 0, 100)).toEqual(ops(1, 6))
      })

      it('findOps returns the seqs of the stored ids among those asked, and nothing for the others', async () => {
        const id = await documentAt(5)
        const found = await storage().findOps(id, ['op-2', 'unknown', 'op-5'])
        expect(found).toEqual(
          new Map([
            ['op-2', 2],
            ['op-5', 5],
          ]),
        )
        expect(await storage().findOps(id, [])).toEqual(new Map())
      })

      it("the same op id may be stored in two documents, and findOps sees only the asked document's", async () => {
        const first = await documentAt(2)
        const second = await newDocument()
        await storage().appendOps(second, [op(1, 'op-2')])
        expect(await storage().findOps(first, ['op-2'])).toEqual(new Map([['op-2', 2]]))
        expect(await storage().findOps(second, ['op-2'])).toEqual(new Map([['op-2', 1]]))
      })
    })

    describe('history', () => {
      it('history lists ops newest first, at most limit, without envelopes', async () => {
        const id = await documentAt(5)
        const entries = await storage().history(id, { limit: 3 })
        expect(entries.map((e) => e.seq)).toEqual([5, 4, 3])
        expect(entries[0]).toEqual({
          seq: 5,
          opId: 'op-5',
          kind: 'insert_block',
          userId: 'user-2',
          createdAt: expect.any(Date),
        })
      })

      it('history pages with beforeSeq: each page continues below the last seq of the one before', async () => {
        const id = await documentAt(10)
        const pages: number[][] = []
        let beforeSeq: number | undefined
        for (;;) {
          const page = await storage().history(id, { beforeSeq, limit: 4 })
          if (page.length === 0) break
          pages.push(page.map((e) => e.seq))
          beforeSeq = page[page.length - 1]!.seq
        }
        expect(pages).toEqual([
          [10, 9, 8, 7],
          [6, 5, 4, 3],
          [2, 1],
        ])
      })
    })

    describe('snapshots', () => {
      it('latestSnapshot of a document without snapshots is undefined', async () => {
        expect(await storage().latestSnapshot(await newDocument())).toBeUndefined()
      })

      it('latestSnapshot returns the highest seq, whatever order the snapshots were saved in', async () => {
        const id = await documentAt(10)
        await storage().saveSnapshot(id, { seq: 5, data: new Uint8Array([5]) })
        await storage().saveSnapshot(id, { seq: 10, data: new Uint8Array([10]) })
        await storage().saveSnapshot(id, { seq: 7, data: new Uint8Array([7]) })
        const latest = await storage().latestSnapshot(id)
        expect(latest).toEqual({ seq: 10, data: new Uint8Array([10]), createdAt: expect.any(Date) })
      })

      it('saving a snapshot at a seq saved before replaces its data', async () => {
        const id = await documentAt(4)
        await storage().saveSnapshot(id, { seq: 4, data: new Uint8Array([1]) })
        await storage().saveSnapshot(id, { seq: 4, data: new Uint8Array([2, 2]) })
        expect((await storage().latestSnapshot(id))?.data).toEqual(new Uint8Array([2, 2]))
      })

      it('a snapshot of a document with no ops may be saved at seq 0', async () => {
        const id = await newDocument()
        await storage().saveSnapshot(id, { seq: 0, data: new Uint8Array([0]) })
        expect((await storage().latestSnapshot(id))?.seq).toBe(0)
      })

      it('a snapshot ahead of the stored seq is refused with StorageConflictError', async () => {
        const id = await documentAt(3)
        await expect(
          storage().saveSnapshot(id, { seq: 4, data: new Uint8Array([4]) }),
        ).rejects.toBeInstanceOf(StorageConflictError)
        expect(await storage().latestSnapshot(id)).toBeUndefined()
      })

      it('saveSnapshot of an unknown document throws StorageNotFoundError', async () => {
        await expect(
          storage().saveSnapshot(uniqueId('missing'), { seq: 0, data: new Uint8Array() }),
        ).rejects.toBeInstanceOf(StorageNotFoundError)
      })
    })

    describe('bytes', () => {
      it('envelopes round-trip exactly: every byte value, runs of 0x00 and 0xff, and 256 KiB', async () => {
        const id = await newDocument()
        const envelopes = [
          awkwardBytes(256),
          new Uint8Array([0x00]),
          new Uint8Array([0xff, 0x00, 0xff]),
          new Uint8Array(0),
          awkwardBytes(256 * 1024),
        ]
        await storage().appendOps(
          id,
          envelopes.map((envelope, i) => ({ ...op(i + 1), envelope })),
        )
        const read = await storage().readOps(id, 0, 10)
        expect(read).toHaveLength(envelopes.length)
        expect(read.map((o, i) => firstDifference(o.envelope, envelopes[i]!))).toEqual(
          envelopes.map(() => -1),
        )
      })

      it('snapshot data round-trips exactly, 256 KiB of every byte value', async () => {
        const id = await newDocument()
        const data = awkwardBytes(256 * 1024)
        await storage().saveSnapshot(id, { seq: 0, data })
        const snapshot = await storage().latestSnapshot(id)
        expect(firstDifference(snapshot!.data, data)).toBe(-1)
      })

      it('envelopes and snapshot data come back as plain Uint8Arrays that own their bytes', async () => {
        const id = await documentAt(2)
        await storage().saveSnapshot(id, { seq: 2, data: new Uint8Array([1, 2, 3]) })
        const [first] = await storage().readOps(id, 0, 1)
        const snapshot = await storage().latestSnapshot(id)
        expect(isPlainOwnedBytes(first!.envelope)).toBe(true)
        expect(isPlainOwnedBytes(snapshot!.data)).toBe(true)
      })
    })

    describe('concurrency', () => {
      it('of two concurrent batches that both continue the seq, exactly one is stored', async () => {
        const id = await documentAt(2)
        const results = await Promise.allSettled([
          storage().appendOps(id, ops(3, 5, 'a')),
          storage().appendOps(id, ops(3, 4, 'b')),
        ])
        const failures = results.filter((r) => r.status === 'rejected')
        expect(failures).toHaveLength(1)
        expect((failures[0] as PromiseRejectedResult).reason).toBeInstanceOf(StorageConflictError)
        const stored = await storage().readOps(id, 2, 100)
        expect([ops(3, 5, 'a'), ops(3, 4, 'b')]).toContainEqual(stored)
      })

      it('writers racing on one document, retrying on conflict, leave a gapless log holding each op once', async () => {
        const id = await newDocument()
        const writers = 6
        const batchesPerWriter = 4
        const batchSize = 3
        const write = async (writer: number) => {
          for (let batch = 0; batch < batchesPerWriter; batch++) {
            for (let attempt = 0; ; attempt++) {
              if (attempt > 200) throw new Error(`writer ${writer} starved`)
              const seq = (await storage().getDocument(id))!.seq
              const batchOps = ops(seq + 1, seq + batchSize).map((o, i) => ({
                ...o,
                opId: `w${writer}-b${batch}-${i}`,
              }))
              try {
                await storage().appendOps(id, batchOps)
                break
              } catch (error) {
                if (!(error instanceof StorageConflictError)) throw error
              }
            }
          }
        }
        await Promise.all(Array.from({ length: writers }, (_, w) => write(w)))
        const total = writers * batchesPerWriter * batchSize
        const log = await storage().readOps(id, 0, total + 10)
        expect(log.map((o) => o.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
        expect(new Set(log.map((o) => o.opId)).size).toBe(total)
        expect((await storage().getDocument(id))?.seq).toBe(total)
      })

      if (options.opensTwice) {
        it('two storages over one database (two servers): of concurrent batches at one seq, exactly one is stored', async () => {
          const id = await documentAt(1)
          const other = await open()
          try {
            const results = await Promise.allSettled([
              storage().appendOps(id, ops(2, 3, 'a')),
              other.appendOps(id, ops(2, 4, 'b')),
            ])
            expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
            const stored = await other.readOps(id, 1, 100)
            expect([ops(2, 3, 'a'), ops(2, 4, 'b')]).toContainEqual(stored)
          } finally {
            await other.close()
          }
        })
      }
    })

    if (options.reopens) {
      describe('durability', () => {
        it('documents, metadata, ops and snapshots survive close and reopen', async () => {
          const id = await documentAt(4)
          await storage().setMetadata(id, { title: 'Kept' })
          await storage().saveSnapshot(id, { seq: 3, data: awkwardBytes(1024) })
          const before = await storage().getDocument(id)

          const closing = storage()
          current = undefined
          await closing.close()
          current = await open()

          expect(await storage().getDocument(id)).toEqual(before)
          expect(await storage().readOps(id, 0, 100)).toEqual(ops(1, 4))
          expect(await storage().latestSnapshot(id)).toMatchObject({
            seq: 3,
            data: awkwardBytes(1024),
          })
        }, 60_000)
      })
    }
  })
}
