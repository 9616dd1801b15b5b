/**
 * L1: one last-writer-wins register per (block, key) (PROP-1). The register keeps the value with
 * the highest op id (= highest (hlc, replica)), so it never goes back to an older value and
 * any delivery order gives the same result.
 */
import type { BlockId } from '../ids.js'
import type { OpId, PropValue } from '../ops.js'

export interface PropertyRegister {
  readonly value: PropValue
  readonly id: OpId
}

export class PropertyStore {
  private readonly blocks = new Map<BlockId, Map<string, PropertyRegister>>()

  /** Writes `value` if `id` is newer than the register's; returns whether it won. */
  set(block: BlockId, key: string, value: PropValue, id: OpId): boolean {
    let registers = this.blocks.get(block)
    if (registers === undefined) {
      registers = new Map()
      this.blocks.set(block, registers)
    }
    const current = registers.get(key)
    if (current !== undefined && current.id >= id) return false
    registers.set(key, { value, id })
    return true
  }

  get(block: BlockId, key: string): PropValue | undefined {
    return this.blocks.get(block)?.get(key)?.value
  }

  /** Every register of a block, keys sorted. */
  entries(block: BlockId): Array<[string, PropertyRegister]> {
    const registers = this.blocks.get(block)
    if (registers === undefined) return []
    return [...registers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }

  *allEntries(): IterableIterator<[BlockId, string, PropertyRegister]> {
    for (const [block, registers] of this.blocks) {
      for (const [key, register] of registers) yield [block, key, register]
    }
  }
}
