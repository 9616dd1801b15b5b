/**
 * Block ids: stable forever, chosen by the client that creates the block, never derived from
 * Markdown. Two ids are reserved for the roots of the tree: the document root and the trash
 * (delete is a move to the trash, so a deleted block keeps its content and can come back).
 */

export type BlockId = string

export const ROOT_ID = 'root' as const satisfies BlockId
export const TRASH_ID = 'trash' as const satisfies BlockId

export const BLOCK_ID_MAX_LENGTH = 64
const BLOCK_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export const isRootId = (id: BlockId): boolean => id === ROOT_ID || id === TRASH_ID

export const isValidBlockId = (id: unknown): id is BlockId =>
  typeof id === 'string' && BLOCK_ID_PATTERN.test(id)

const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A random 16-character id (about 95 bits). `random` returns floats in [0, 1). */
export const newBlockId = (random: () => number = Math.random): BlockId => {
  let id = ''
  for (let i = 0; i < 16; i++) id += ID_ALPHABET[Math.floor(random() * 62)]
  return id
}
