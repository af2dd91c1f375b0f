// The nullable form the resource views share: null first, since with coerceTypes a string branch would turn
// null into "".
import Type, { type TSchema } from 'typebox'

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema])
