/**
 * From a schema descriptor to the TypeScript type it decodes to. schema.ts uses it to prove, at
 * compile time, that the wire schema and the hand-written types of messages.ts and ops.ts
 * describe the same shapes: changing one without the other does not compile.
 */
import type { Hlc } from '../hlc.js'
import type { BlockType, Envelope, PropValue } from '../ops.js'
import type { FieldSchema, Fields, StructSchema, UnionSchema } from './field.js'

type Simplify<T> = { [K in keyof T]: T[K] } & {}

interface Scalars {
  uint: number
  bool: boolean
  bytes: Uint8Array
  hlc: Hlc
  op_id: string
  color: string
  prop: PropValue
  props: Readonly<Record<string, PropValue>>
  envelope: Envelope
}

type OptionalKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends { readonly t: 'optional' } ? K : never
}[keyof F]

export type InferFields<F extends Fields> = Simplify<
  { readonly [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & {
    readonly [K in OptionalKeys<F>]?: F[K] extends { readonly of: infer O extends FieldSchema }
      ? Infer<O>
      : never
  }
>

type InferUnion<Tag extends string, V extends UnionSchema['variants']> = {
  [K in keyof V & string]: Simplify<{ readonly [P in Tag]: K } & InferFields<V[K]['fields']>>
}[keyof V & string]

type Values<F> = F extends { readonly values: infer V extends readonly string[] }
  ? V[number]
  : never
type Of<F> = F extends { readonly of: infer O extends FieldSchema } ? Infer<O> : never

export type Infer<F extends FieldSchema> = F extends { readonly t: keyof Scalars }
  ? Scalars[F['t']]
  : F extends { readonly t: 'string' }
    ? F extends { readonly format: 'block_type' }
      ? BlockType
      : string
    : F extends { readonly t: 'enum' }
      ? Values<F>
      : F extends { readonly t: 'set' }
        ? readonly Values<F>[]
        : F extends { readonly t: 'list' }
          ? readonly Of<F>[]
          : F extends { readonly t: 'nullable' }
            ? Of<F> | null
            : F extends { readonly t: 'optional' }
              ? Of<F> | undefined
              : F extends StructSchema
                ? InferFields<F['fields']>
                : F extends UnionSchema
                  ? InferUnion<F['tag'], F['variants']>
                  : never

/** True when the two types are identical (TypeScript's own identity relation). */
export type SameShape<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
