/**
 * Checks a field needs beyond its encoding: the bounded parse of Yjs payloads, and cross-field
 * refinements a struct asks for by name.
 */
import { TYPE_PROPERTY } from '../ops.js'
import { fail } from './errors.js'
import type { BytesContent, Refinement } from './field.js'
import { isValidBlockType } from './formats.js'
import type { ProtocolLimits } from './limits.js'
import { checkYjsRelativePosition, checkYjsStateVector } from './yjs-state.js'
import { checkYjsUpdate } from './yjs-update.js'

export const checkBytes = (
  content: BytesContent,
  bytes: Uint8Array,
  limits: ProtocolLimits,
): void => {
  switch (content) {
    case 'yjs_update':
      checkYjsUpdate(bytes, limits)
      break
    case 'yjs_state_vector':
      checkYjsStateVector(bytes, limits)
      break
    case 'yjs_relative_position':
      checkYjsRelativePosition(bytes)
      break
    case 'opaque':
      break
  }
}

export const refinements: Record<Refinement, (value: Record<string, unknown>) => void> = {
  // PROP-1: the block type is the register under `type`, so it must be a valid block type.
  type_register: (value: Record<string, unknown>): void => {
    if (
      value.key === TYPE_PROPERTY &&
      !(typeof value.value === 'string' && isValidBlockType(value.value))
    ) {
      fail('invalid_field', 'the "type" register holds a block type ([a-z][a-z0-9_]{0,31})')
    }
  },
}
