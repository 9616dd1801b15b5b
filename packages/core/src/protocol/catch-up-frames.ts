/**
 * `catch_up` frames from blocks encoded ahead of time. A server gives the same block's content
 * to every session that scrolls into its partition; encoding each block once and joining the
 * bytes per message skips the schema-driven encoder for every session after the first (it was
 * ~90% of a catch-up whose content was cached). The bytes are exactly those
 * `encodeServerMessage` gives for the same message (a test holds them equal).
 */
import * as encoding from 'lib0/encoding'
import { writeField } from './codec-write.js'
import { type FieldSchema, type StructSchema, type UnionSchema, variantsOf } from './field.js'
import type { CatchUpBlock, CatchUpMessage } from './messages.js'
import { SERVER_MESSAGE_SCHEMA } from './schema.js'
import { PROTOCOL_VERSION } from './version.js'

const CATCH_UP = SERVER_MESSAGE_SCHEMA.variants.catch_up as StructSchema
const CATCH_UP_TAG = variantsOf(SERVER_MESSAGE_SCHEMA).indexOf('catch_up')
const CONTENT = CATCH_UP.fields.content as UnionSchema
const BLOCKS_TAG = variantsOf(CONTENT).indexOf('blocks')
const BLOCK = (CONTENT.variants.blocks!.fields.blocks as Extract<FieldSchema, { t: 'list' }>).of

/** One block of a `catch_up` message, encoded on its own (for `encodeCatchUpFrame`). */
export const encodeCatchUpBlock = (block: CatchUpBlock): Uint8Array => {
  const e = encoding.createEncoder()
  writeField(e, BLOCK, block)
  return encoding.toUint8Array(e)
}

/** The header of a `catch_up` message of blocks: everything but its content. */
export type CatchUpHeader = Pick<CatchUpMessage, 'partition' | 'fromSeq' | 'toSeq' | 'done'>

/** A frame of one `catch_up` message whose blocks are `encodeCatchUpBlock`'s bytes. */
export const encodeCatchUpFrame = (
  header: CatchUpHeader,
  blocks: readonly Uint8Array[],
): Uint8Array => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, PROTOCOL_VERSION)
  encoding.writeVarUint(e, CATCH_UP_TAG)
  for (const name in CATCH_UP.fields) {
    if (name !== 'content') {
      writeField(e, CATCH_UP.fields[name]!, header[name as keyof CatchUpHeader])
      continue
    }
    encoding.writeVarUint(e, BLOCKS_TAG)
    encoding.writeVarUint(e, blocks.length)
    for (const block of blocks) encoding.writeUint8Array(e, block)
  }
  return encoding.toUint8Array(e)
}
