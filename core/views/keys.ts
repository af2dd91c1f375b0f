// An API key as the API answers it: never the key or its hash, only the prefix that lets a person recognise it.
import Type, { type Static } from 'typebox'
import { RoleSchema } from '../roles.js'

export const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'First 8 characters of the key (`trk_` and 4 more), to recognise it' }),
  role: RoleSchema,
  created_at: Type.String({ format: 'date-time' }),
  last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'Updated at most once a minute',
  }),
  created_by: Type.Union([Type.String(), Type.Null()], { description: 'User id of the creator' }),
})
export type ApiKeyView = Static<typeof ApiKeyView>

/** The key as the create reply names it (the key itself travels beside it, once). */
export const CreatedApiKeyView = Type.Pick(ApiKeyView, ['id', 'name', 'prefix', 'role', 'created_at'])
export type CreatedApiKeyView = Static<typeof CreatedApiKeyView>
