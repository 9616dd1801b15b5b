/**
 * Checks a replica makes on every envelope before it may enter the document: what the wire
 * codec cannot see (the id matches the stamp, roots are never created or moved, deps are
 * older than the op). A failing envelope is rejected whole and changes nothing.
 */
import { hlcToString } from '../hlc.js'
import { isRootId } from '../ids.js'
import { createdBlocks, type Envelope } from '../ops.js'

export const validateEnvelope = (envelope: Envelope): string | undefined => {
  const op = envelope.op
  if (envelope.id !== hlcToString(envelope.hlc)) return 'op id does not match its stamp'
  for (const block of createdBlocks(op)) if (isRootId(block)) return `cannot create ${block}`
  if ((op.kind === 'move_block' || op.kind === 'delete_block') && isRootId(op.block)) {
    return `cannot move ${op.block}`
  }
  if (op.kind === 'merge_blocks') {
    if (isRootId(op.from) || isRootId(op.into) || op.into === op.from) return 'invalid merge'
    if (op.children.some((c) => isRootId(c.block))) return 'invalid merge'
  }
  for (const dep of envelope.deps ?? [])
    if (dep >= envelope.id) return 'a dependency must be older than the op'
  return undefined
}
