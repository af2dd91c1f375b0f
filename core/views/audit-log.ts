// An entry of an account's audit log (spec §18: team, key and settings changes are audited) as the API answers it.
import Type, { type Static } from 'typebox'

export const AUDIT_ACTOR_TYPES = ['user', 'key', 'operator'] as const

export const AuditEntryView = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String({
    description: 'The user’s email, the API key’s name and prefix, or `operator` (the command line)',
  }),
  actor_type: Type.Enum(AUDIT_ACTOR_TYPES),
  action: Type.String({ description: 'What was done, e.g. `api_key.created`, `account.settings_updated`' }),
  target: Type.Union([Type.String(), Type.Null()], { description: 'The id of what it was done to' }),
  details: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The change, e.g. `{changes: {field: {from, to}}}` or the new role',
  }),
})
export type AuditEntryView = Static<typeof AuditEntryView>
