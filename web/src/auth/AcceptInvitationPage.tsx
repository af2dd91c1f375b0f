// The page the emailed invitation opens (/accept-invitation?token=…). A new user sets a password; a user who has a
// login signs in first and accepts with the token alone, then lands in the new account.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { SESSION_KEY, useSession } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { TextInput } from '../ui/TextInput'
import { AuthLayout } from './AuthLayout'

export default function AcceptInvitationPage() {
  const token = useSearchParams()[0].get('token') ?? ''
  const location = useLocation()
  const navigate = useNavigate()
  const client = useQueryClient()
  const { data: session } = useSession()
  const [password, setPassword] = useState('')
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => unwrap(api.GET('/api/v2/invitations/accept', { params: { query: { token } } })),
    enabled: token !== '',
  })
  const accept = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v2/invitations/accept', {
          body: invitation.data?.existing_user ? { token } : { token, password },
        }),
      ),
    onSuccess: async (accepted) => {
      if (!session) return
      // Signed in: the new account joins the session's list; open it.
      const next = await unwrap(
        api.PUT('/api/v2/auth/session/account', { body: { account_id: accepted.account_id } }),
      )
      client.setQueryData(SESSION_KEY, next)
      navigate('/')
    },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    accept.mutate()
  }
  const here = `${location.pathname}${location.search}`

  let body: React.ReactNode
  if (!token) body = <p role="alert">This link has no token. Ask for a new invitation.</p>
  else if (invitation.isPending) body = <Loading />
  else if (invitation.error) body = <ErrorNote error={invitation.error} />
  else if (accept.isSuccess && !session)
    body = (
      <p role="status">
        Welcome to {invitation.data.account_name}. <Link to="/sign-in">Sign in</Link>
      </p>
    )
  else {
    const { email, role, account_name: account, existing_user: existing } = invitation.data
    const intro = (
      <p>
        {email} is invited to join <strong>{account}</strong> as {role}.
      </p>
    )
    if (existing && !session)
      body = (
        <>
          {intro}
          <p>You already have a Trackly login. Sign in to accept.</p>
          <Link className="button primary" to={`/sign-in?next=${encodeURIComponent(here)}`}>
            Sign in to accept
          </Link>
        </>
      )
    else
      body = (
        <Form onSubmit={submit}>
          {intro}
          {!existing && (
            <TextInput
              label="Choose a password"
              name="password"
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="new-password"
              minLength={8}
              description="At least 8 characters."
              isRequired
              autoFocus
            />
          )}
          <ErrorNote error={accept.error} />
          <Button type="submit" className="primary" isDisabled={accept.isPending}>
            Accept invitation
          </Button>
        </Form>
      )
  }
  return <AuthLayout title="Join an account">{body}</AuthLayout>
}
