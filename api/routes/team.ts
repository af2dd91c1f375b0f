// The team of an account (spec §18): anyone may view it; owners invite, change roles and remove members.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { RoleSchema } from '../../core/roles.js'
import { InvitationView, MemberView } from '../../core/views/team.js'
import { deleteInvitation, inviteMember, resendInvitation } from '../../services/invitations.js'
import { changeMemberRole, listTeam, removeMember } from '../../services/team.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const InvitationReply = Type.Object({ success: Type.Literal(true), invitation: InvitationView })

/** Why the link is not in the reply: only the invitee's mailbox may hold its token. */
const EMAILED =
  'The link is emailed to the invitee and never returned here: its token lets an existing user join with no ' +
  'password, so only the invited mailbox may hold it. 503 `service_unavailable` when the email cannot be sent ' +
  '(nothing is changed then).'

const ownerOnly = { minRole: 'owner' as const }
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
const UserParams = Type.Object({ user_id: Type.String({ maxLength: 64 }) })

export async function teamRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get(
    '/team',
    {
      schema: {
        operationId: 'listTeam',
        summary: 'Members of the account and open invitations',
        tags: ['team'],
        response: {
          200: Type.Object({ members: Type.Array(MemberView), invitations: Type.Array(InvitationView) }),
          ...AUTH_ERRORS,
        },
      },
    },
    (request) => listTeam(app.pg.pool, request.caller.accountId),
  )

  app.post(
    '/team/invitations',
    {
      config: ownerOnly,
      schema: {
        operationId: 'createInvitation',
        summary: 'Invite someone by email with a role (owner)',
        description:
          'The invitation is valid 7 days. A new invitation for the same email replaces a pending one. ' +
          `409 \`already_member\` when the email already has access to the account. ${EMAILED}`,
        tags: ['team'],
        body: Type.Object({ email: Type.String({ maxLength: 254 }), role: RoleSchema }),
        response: { 200: InvitationReply, 400: ErrorReply, 409: ErrorReply, 503: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      invitation: await inviteMember(app.pg.pool, app.mailer, request.caller, request.body),
    }),
  )

  app.post(
    '/team/invitations/:id/resend',
    {
      config: ownerOnly,
      schema: {
        operationId: 'resendInvitation',
        summary: 'Resend an invitation: a new link, valid 7 days from now (owner)',
        description: `The previous link stops working. Expired invitations can be resent. ${EMAILED}`,
        tags: ['team'],
        params: IdParams,
        response: { 200: InvitationReply, 404: ErrorReply, 503: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      invitation: await resendInvitation(app.pg.pool, app.mailer, request.caller, request.params.id),
    }),
  )

  app.delete(
    '/team/invitations/:id',
    {
      config: ownerOnly,
      schema: {
        operationId: 'deleteInvitation',
        summary: 'Withdraw an invitation (owner)',
        tags: ['team'],
        params: IdParams,
        response: {
          200: Type.Object({ success: Type.Literal(true), deleted: Type.Literal(true) }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      await deleteInvitation(app.pg.pool, request.caller, request.params.id)
      return { success: true as const, deleted: true as const }
    },
  )

  app.put(
    '/team/:user_id',
    {
      config: ownerOnly,
      schema: {
        operationId: 'updateTeamMember',
        summary: 'Change a member’s role (owner)',
        description:
          'Applies from the member’s next request. The account keeps at least one owner (409 `last_owner`). ' +
          'API keys the member created are lowered to the new role if they were above it.',
        tags: ['team'],
        params: UserParams,
        body: Type.Object({ role: RoleSchema }),
        response: {
          200: Type.Object({ success: Type.Literal(true), member: MemberView }),
          400: ErrorReply,
          404: ErrorReply,
          409: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      success: true as const,
      member: await changeMemberRole(app.pg.pool, request.caller, request.params.user_id, request.body.role),
    }),
  )

  app.delete(
    '/team/:user_id',
    {
      config: ownerOnly,
      schema: {
        operationId: 'removeTeamMember',
        summary: 'Remove a member’s access (owner)',
        description:
          'Also revokes the API keys the member created. Nobody removes themselves (409 `cannot_remove_self`: ' +
          'the user who created the calling key) or the last owner (409 `last_owner`).',
        tags: ['team'],
        params: UserParams,
        response: {
          200: Type.Object({ success: Type.Literal(true), removed: Type.Literal(true) }),
          404: ErrorReply,
          409: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      await removeMember(app.pg.pool, request.caller, request.params.user_id)
      return { success: true as const, removed: true as const }
    },
  )
}
