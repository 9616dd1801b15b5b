/**
 * The tail of the sequence kept in memory, so a client that reconnects after a short outage
 * resumes from its `lastSeq` with the ops it missed instead of a full resync. Bounded by
 * count and by bytes, so large text updates cannot make it grow without bound.
 *
 * Invariant: the entries are exactly the seqs (firstSeq - 1, lastSeq], consecutive.
 */
export class RecentOps<E extends { readonly seq: number }> {
  private entries: (E | undefined)[] = []
  private sizes: number[] = []
  private bytes = 0
  private start = 0

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  push(entry: E, size: number): void {
    this.entries.push(entry)
    this.sizes.push(size)
    this.bytes += size
    while (
      this.entries.length - this.start > this.maxEntries ||
      (this.bytes > this.maxBytes && this.entries.length - this.start > 1)
    ) {
      this.bytes -= this.sizes[this.start]!
      // the slot is cleared at once, so what left the window is not kept alive until compaction
      this.entries[this.start] = undefined
      this.start++
    }
    // compact now and then, so dropping from the front is not a shift per op
    if (this.start > 1024 && this.start * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.start)
      this.sizes = this.sizes.slice(this.start)
      this.start = 0
    }
  }

  /** The entries after `seq`, or undefined when some of them are no longer held. */
  since(seq: number, currentSeq: number): E[] | undefined {
    if (seq === currentSeq) return []
    const first = this.entries[this.start]
    if (first === undefined || seq < first.seq - 1 || seq > currentSeq) return undefined
    return this.entries.slice(this.start + (seq - first.seq + 1)) as E[]
  }
}
