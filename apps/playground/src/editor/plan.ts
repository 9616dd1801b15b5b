/**
 * A structural command as data: the room edits to make, in order, as one batch (one undo step,
 * one message), and where the caret goes after. Blocks created by the plan are named with a
 * `$` placeholder (`$new`) that the executor replaces with the id the room gives them.
 */
import type { TextDelta } from '@markdownsync/sdk'
import type { Props, PropValue } from './block-kinds.js'

export type StructureEdit =
  | {
      readonly kind: 'insert'
      readonly id: string
      readonly parent: string
      readonly after: string | null
      readonly type: string
      readonly props?: Props
    }
  | {
      readonly kind: 'move'
      readonly id: string
      readonly parent: string
      readonly after: string | null
    }
  | { readonly kind: 'delete'; readonly id: string }
  | { readonly kind: 'set'; readonly id: string; readonly key: string; readonly value: PropValue }
  | {
      readonly kind: 'split'
      readonly id: string
      readonly offset: number
      readonly newId: string
      readonly type?: string
    }
  | { readonly kind: 'merge'; readonly into: string; readonly from: string }
  | { readonly kind: 'text'; readonly id: string; readonly delta: TextDelta }

export interface CaretTarget {
  readonly block: string
  /** A text offset; `end` for the end of the block's text. */
  readonly offset: number | 'end'
}

export interface Plan {
  readonly edits: readonly StructureEdit[]
  readonly caret?: CaretTarget
}

export const NOTHING: Plan = { edits: [] }

export const isPlaceholder = (id: string): boolean => id.startsWith('$')
