// The team of an account as the API answers it: members with their roles, and open invitations.
import Type, { type Static } from 'typebox'
import { RoleSchema } from '../roles.js'

export const MemberView = Type.Object({
  user_id: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  status: Type.String({ description: 'The user’s status: active or disabled' }),
  created_at: Type.String({ format: 'date-time', description: 'When the user joined this account' }),
})
export type MemberView = Static<typeof MemberView>

export const InvitationView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  status: Type.Enum(['pending', 'expired'], { description: 'An expired invitation can be resent' }),
  expires_at: Type.String({ format: 'date-time' }),
  created_at: Type.String({ format: 'date-time' }),
})
export type InvitationView = Static<typeof InvitationView>
