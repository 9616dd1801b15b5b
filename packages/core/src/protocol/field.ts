/**
 * The little language the wire schema is written in. Each field kind names one encoding and
 * the validation its decoder applies; the codec walks these descriptors, so the schema (and its
 * hash) is the whole truth about the bytes on the wire. See infer.ts for the types they decode to.
 */
import type { LimitName } from './limits.js'

/** How a string field is validated after UTF-8 decoding (see formats.ts). */
export type StringFormat =
  | 'block_id'
  | 'partition_id'
  | 'position_key'
  | 'block_type'
  /** A property key other than the reserved `type`. */
  | 'prop_key'
  /** Any property key, including the reserved `type` (for `set_property`). */
  | 'register_key'
  /** Document, user, session and agent ids: no control characters. */
  | 'id'
  /** Printable ASCII (auth tokens). */
  | 'token'
  /** Any text (names, reasons, headings). */
  | 'text'

/** What a byte field holds; Yjs bytes are parsed with bounds before they are accepted. */
export type BytesContent = 'yjs_update' | 'yjs_state_vector' | 'yjs_relative_position' | 'opaque'

/** Cross-field checks a struct can ask for, by name (see refinements in codec-field.ts). */
export type Refinement = 'type_register'

export type Fields = { readonly [name: string]: FieldSchema }

export type FieldSchema =
  | { readonly t: 'uint'; readonly min: number; readonly max: number }
  | { readonly t: 'bool' }
  | { readonly t: 'string'; readonly format: StringFormat; readonly limit: LimitName }
  | { readonly t: 'bytes'; readonly content: BytesContent; readonly limit: LimitName }
  | { readonly t: 'hlc' }
  | { readonly t: 'op_id' }
  | { readonly t: 'color' }
  | { readonly t: 'prop'; readonly limit: LimitName }
  | { readonly t: 'props'; readonly limit: LimitName; readonly valueLimit: LimitName }
  | { readonly t: 'enum'; readonly values: readonly string[] }
  | { readonly t: 'set'; readonly values: readonly string[] }
  | {
      readonly t: 'list'
      readonly of: FieldSchema
      readonly limit: LimitName
      /** Name of a field of the (struct) items whose values must be distinct. */
      readonly unique?: string
    }
  | { readonly t: 'optional'; readonly of: FieldSchema }
  | { readonly t: 'nullable'; readonly of: FieldSchema }
  | StructSchema
  | UnionSchema
  | { readonly t: 'envelope' }

export interface StructSchema {
  readonly t: 'struct'
  readonly fields: Fields
  readonly refine?: Refinement
}

export interface UnionSchema {
  readonly t: 'union'
  readonly tag: string
  readonly variants: { readonly [name: string]: StructSchema }
}

export const UINT32_MAX = 0xffffffff

const variantNames = new WeakMap<UnionSchema, readonly string[]>()
/** A union's variant names in wire order (cached: unions are coded on every message). */
export const variantsOf = (f: UnionSchema): readonly string[] => {
  let names = variantNames.get(f)
  if (names === undefined) {
    names = Object.keys(f.variants)
    variantNames.set(f, names)
  }
  return names
}

export const uint = <const Min extends number = 0, const Max extends number = number>(
  max: Max = Number.MAX_SAFE_INTEGER as Max,
  min: Min = 0 as Min,
) => ({ t: 'uint', min, max }) as const
export const uint32 = () => uint(UINT32_MAX)
export const bool = () => ({ t: 'bool' }) as const
export const str = <const F extends StringFormat, const L extends LimitName>(format: F, limit: L) =>
  ({ t: 'string', format, limit }) as const
export const bytes = <const C extends BytesContent, const L extends LimitName>(
  content: C,
  limit: L,
) => ({ t: 'bytes', content, limit }) as const
export const hlc = () => ({ t: 'hlc' }) as const
export const opId = () => ({ t: 'op_id' }) as const
export const color = () => ({ t: 'color' }) as const
export const prop = <const L extends LimitName>(limit: L) => ({ t: 'prop', limit }) as const
export const props = () =>
  ({ t: 'props', limit: 'maxPropsPerOp', valueLimit: 'maxPropValueBytes' }) as const
export const oneOf = <const V extends readonly string[]>(values: V) =>
  ({ t: 'enum', values }) as const
export const setOf = <const V extends readonly string[]>(values: V) =>
  ({ t: 'set', values }) as const
export const list = <const F extends FieldSchema, const L extends LimitName>(of: F, limit: L) =>
  ({ t: 'list', of, limit }) as const
export const uniqueList = <
  const F extends FieldSchema,
  const L extends LimitName,
  const U extends string,
>(
  of: F,
  limit: L,
  unique: U,
) => ({ t: 'list', of, limit, unique }) as const
export const optional = <const F extends FieldSchema>(of: F) => ({ t: 'optional', of }) as const
export const nullable = <const F extends FieldSchema>(of: F) => ({ t: 'nullable', of }) as const
export const struct = <const F extends Fields, const R extends Refinement | undefined = undefined>(
  fields: F,
  refine?: R,
) =>
  (refine === undefined ? { t: 'struct', fields } : { t: 'struct', fields, refine }) as {
    readonly t: 'struct'
    readonly fields: F
    readonly refine?: R
  }
export const union = <
  const T extends string,
  const V extends { readonly [name: string]: StructSchema },
>(
  tag: T,
  variants: V,
) => ({ t: 'union', tag, variants }) as const
export const envelope = () => ({ t: 'envelope' }) as const
