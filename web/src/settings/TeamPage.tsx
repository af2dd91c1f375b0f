// Settings → Team: the account's members and open invitations. Owners invite by email with a role, change roles,
// remove members, and resend or delete invitations; "require two-factor" lives on the Security page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { Link } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { type Role, useCan, useSession } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { SelectField } from '../ui/SelectField'
import { TableScroll } from '../ui/TableScroll'
import { TextInput } from '../ui/TextInput'
import { ROLE_OPTIONS } from './roleOptions'
import { SettingsNav } from './SettingsNav'

const KEY = ['team'] as const

export default function TeamPage() {
  const owner = useCan('owner')
  const { data: session } = useSession()
  const team = useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET('/api/v2/team')) })
  return (
    <section>
      <h1>Team</h1>
      <SettingsNav />
      {owner && <Invite />}
      {owner && (
        <p>
          To require two-factor authentication of everyone, see <Link to="/settings/security">Security</Link>.
        </p>
      )}
      <ErrorNote error={team.error} />
      {team.isPending && <Loading />}
      {team.data && (
        <>
          <h2>Members</h2>
          <TableScroll label="Members">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Joined</th>
                  {owner && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {team.data.members.map((m) => (
                  <tr key={m.user_id}>
                    <td>{m.email}</td>
                    <td>
                      {owner && m.user_id !== session?.user.id ? (
                        <MemberRole userId={m.user_id} email={m.email} role={m.role} />
                      ) : (
                        m.role
                      )}
                    </td>
                    <td>{formatTime(m.created_at)}</td>
                    {owner && <td>{m.user_id !== session?.user.id && <RemoveMember {...m} />}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <h2>Invitations</h2>
          {team.data.invitations.length === 0 ? (
            <p>No open invitations.</p>
          ) : (
            <TableScroll label="Invitations">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Status</th>
                    <th scope="col">Expires</th>
                    {owner && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {team.data.invitations.map((i) => (
                    <tr key={i.id}>
                      <td>{i.email}</td>
                      <td>{i.role}</td>
                      <td>{i.status}</td>
                      <td>{formatTime(i.expires_at)}</td>
                      {owner && (
                        <td>
                          <InvitationActions id={i.id} email={i.email} />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
    </section>
  )
}

function useTeamChange<T, R>(fn: (input: T) => Promise<R>) {
  const client = useQueryClient()
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: KEY }) })
}

function Invite() {
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('member')
  const invite = useTeamChange(() =>
    unwrap(api.POST('/api/v2/team/invitations', { body: { email: email.trim(), role } })),
  )
  const submit = (e: FormEvent) => {
    e.preventDefault()
    invite.mutate(undefined, { onSuccess: () => setEmail('') })
  }
  return (
    <>
      <h2>Invite someone</h2>
      <Form onSubmit={submit} className="inline-form">
        <TextInput
          label="Email"
          name="invite-email"
          type="email"
          value={email}
          onChange={setEmail}
          maxLength={254}
          isRequired
        />
        <SelectField label="Role" value={role} options={ROLE_OPTIONS} onChange={(r) => setRole(r)} />
        <Button type="submit" data-write="" isDisabled={invite.isPending}>
          Send invitation
        </Button>
      </Form>
      <ErrorNote error={invite.error} />
      {invite.isSuccess && <p role="status">Invitation sent to {invite.data.invitation.email}.</p>}
    </>
  )
}

function MemberRole({ userId, email, role }: { userId: string; email: string; role: Role }) {
  const change = useTeamChange((next: Role) =>
    unwrap(
      api.PUT('/api/v2/team/{user_id}', { params: { path: { user_id: userId } }, body: { role: next } }),
    ),
  )
  return (
    <div data-write="">
      <SelectField
        label={`Role of ${email}`}
        value={role}
        options={ROLE_OPTIONS}
        onChange={(next) => change.mutate(next)}
        isDisabled={change.isPending}
      />
      <ErrorNote error={change.error} />
    </div>
  )
}

function RemoveMember({ user_id, email }: { user_id: string; email: string }) {
  const [confirming, setConfirming] = useState(false)
  const remove = useTeamChange(() =>
    unwrap(api.DELETE('/api/v2/team/{user_id}', { params: { path: { user_id } } })),
  )
  return (
    <span className="inline-form">
      {confirming ? (
        <>
          <Button
            data-write=""
            className="primary"
            aria-label={`Confirm removing ${email}`}
            isDisabled={remove.isPending}
            onPress={() => remove.mutate(undefined)}
          >
            Confirm remove
          </Button>
          <Button onPress={() => setConfirming(false)}>Cancel</Button>
        </>
      ) : (
        <Button data-write="" aria-label={`Remove ${email}`} onPress={() => setConfirming(true)}>
          Remove
        </Button>
      )}
      <ErrorNote error={remove.error} />
    </span>
  )
}

function InvitationActions({ id, email }: { id: string; email: string }) {
  const path = { params: { path: { id } } }
  const resend = useTeamChange(() => unwrap(api.POST('/api/v2/team/invitations/{id}/resend', path)))
  const remove = useTeamChange(() => unwrap(api.DELETE('/api/v2/team/invitations/{id}', path)))
  return (
    <span className="inline-form">
      <Button
        data-write=""
        aria-label={`Resend the invitation to ${email}`}
        isDisabled={resend.isPending}
        onPress={() => resend.mutate(undefined)}
      >
        Resend
      </Button>
      <Button
        data-write=""
        aria-label={`Delete the invitation to ${email}`}
        isDisabled={remove.isPending}
        onPress={() => remove.mutate(undefined)}
      >
        Delete
      </Button>
      {resend.isSuccess && <span role="status">Sent again.</span>}
      <ErrorNote error={resend.error ?? remove.error} />
    </span>
  )
}
