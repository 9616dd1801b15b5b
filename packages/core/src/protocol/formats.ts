/**
 * What a decoded string must look like, per field format. Lengths are checked (in UTF-8
 * bytes, against the field's limit) before the string is decoded; these run after.
 */
import { isValidBlockId } from '../ids.js'
import { TYPE_PROPERTY } from '../ops.js'
import { isValidPositionKey } from '../position.js'
import type { StringFormat } from './field.js'

export const BLOCK_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/
export const PROP_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:-]*$/
// Ids may be any text an app chooses (room names, emails, `agent:<name>:<doc>`), but never
// contain control characters: they end up in logs, keys and URLs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
const ID_PATTERN = /^[^\u0000-\u001f\u007f]+$/
const TOKEN_PATTERN = /^[\x21-\x7e]+$/

export const isValidBlockType = (s: string): boolean => BLOCK_TYPE_PATTERN.test(s)
export const isValidPropKey = (s: string): boolean =>
  PROP_KEY_PATTERN.test(s) && s !== TYPE_PROPERTY

/** Why `s` is not a valid `format` string, or undefined when it is. */
export const checkStringFormat = (format: StringFormat, s: string): string | undefined => {
  switch (format) {
    case 'block_id':
    case 'partition_id':
      return isValidBlockId(s) ? undefined : 'must match [A-Za-z0-9_-]{1,64}'
    case 'position_key':
      return isValidPositionKey(s) ? undefined : 'is not a valid fractional position key'
    case 'block_type':
      return isValidBlockType(s) ? undefined : `must match ${BLOCK_TYPE_PATTERN.source}`
    case 'prop_key':
      if (s === TYPE_PROPERTY)
        return `"${TYPE_PROPERTY}" is reserved: the block type has its own field`
      return PROP_KEY_PATTERN.test(s) ? undefined : `must match ${PROP_KEY_PATTERN.source}`
    case 'register_key':
      return PROP_KEY_PATTERN.test(s) ? undefined : `must match ${PROP_KEY_PATTERN.source}`
    case 'id':
      return ID_PATTERN.test(s) ? undefined : 'must be non-empty, without control characters'
    case 'token':
      return TOKEN_PATTERN.test(s) ? undefined : 'must be non-empty printable ASCII'
    case 'text':
      return undefined
  }
}
