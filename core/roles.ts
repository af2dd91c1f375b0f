// The roles a user or an API key holds on an account (spec §18), strongest first as the spec lists them: one
// list that the API's enums and the permission check both follow.
import Type from 'typebox'

export const ROLES = ['owner', 'member', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export const RoleSchema = Type.Enum([...ROLES])

/** Whether `held` is at least `needed` (owner ⊃ member ⊃ viewer). */
export const roleAtLeast = (held: Role, needed: Role): boolean => {
  const rank = ROLES.indexOf(held) // -1 for a value that is no role: never enough
  return rank >= 0 && rank <= ROLES.indexOf(needed)
}
