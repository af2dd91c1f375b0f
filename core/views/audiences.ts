// An audience as the API answers it (spec §8): one TypeBox schema, which the routes serialise and document and
// whose static type the service returns.
import Type, { type Static } from 'typebox'
import type { FilterEcho } from '../audience-dsl.js'

// The echo's exact type is FilterEcho (core/audience-dsl.ts); the schema documents it one level deep.
const FilterEchoView = Type.Unsafe<FilterEcho>(
  Type.Object(
    {
      operator: Type.String({ enum: ['AND', 'OR'] }),
      conditions: Type.Array(
        Type.Object({
          conditionType: Type.String(),
          field: Type.String(),
          operator: Type.String(),
          value: Type.Optional(Type.Unknown()),
          unit: Type.Optional(Type.String()),
        }),
      ),
      groups: Type.Array(Type.Unknown({ description: 'Nested groups of the same shape' })),
    },
    { description: 'The filter as stored, with camelCase keys (conditionType)' },
  ),
)

export const AudienceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  source_lists: Type.Array(Type.Integer()),
  filter: FilterEchoView,
  cached_size: Type.Union([Type.Integer(), Type.Null()]),
  cached_size_updated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  status: Type.Enum(['active', 'archived']),
  created_at: Type.String({ format: 'date-time' }),
})
export type AudienceView = Static<typeof AudienceView>
