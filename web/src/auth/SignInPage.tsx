// Email and password; when the API answers two_factor_required, a second step asks for the authenticator code
// (or a recovery code) and signs in with all of them.
import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom'
import { ApiError, api, unwrap } from '../api/client'
import { useAdoptSession, useSession } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { TextInput } from '../ui/TextInput'
import { AuthLayout } from './AuthLayout'

/** Only a path of this site: a `next` pointing elsewhere would make the sign-in page an open redirect. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/')

export function SignInPage() {
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const { data: session } = useSession()
  const adopt = useAdoptSession()
  const navigate = useNavigate()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const [useRecovery, setUseRecovery] = useState(false)
  const [secondStep, setSecondStep] = useState(false)

  const signIn = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v2/auth/sign-in', {
          body: {
            email,
            password,
            ...(secondStep
              ? useRecovery
                ? { recovery_code: code.trim() }
                : { totp_code: code.trim() }
              : {}),
          },
        }),
      ),
    onSuccess: (s) => {
      adopt(s)
      navigate(next, { replace: true })
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'two_factor_required') setSecondStep(true)
    },
  })

  if (session) return <Navigate to={next} replace />
  const submit = (e: FormEvent) => {
    e.preventDefault()
    signIn.mutate()
  }
  const shownError =
    signIn.error instanceof ApiError && signIn.error.code === 'two_factor_required' ? null : signIn.error

  return (
    <AuthLayout title={secondStep ? 'Two-factor authentication' : 'Sign in'}>
      <Form onSubmit={submit}>
        {secondStep ? (
          <>
            <p>
              {useRecovery
                ? 'Enter one of your recovery codes. Each code works once.'
                : 'Enter the 6-digit code from your authenticator app.'}
            </p>
            <TextInput
              label={useRecovery ? 'Recovery code' : 'Authentication code'}
              name="code"
              value={code}
              onChange={setCode}
              autoComplete="one-time-code"
              inputMode={useRecovery ? 'text' : 'numeric'}
              isRequired
              autoFocus
            />
          </>
        ) : (
          <>
            <TextInput
              label="Email"
              name="email"
              type="email"
              value={email}
              onChange={setEmail}
              autoComplete="username"
              isRequired
              autoFocus
            />
            <TextInput
              label="Password"
              name="password"
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
              isRequired
            />
          </>
        )}
        <ErrorNote error={shownError} />
        <Button type="submit" className="primary" isDisabled={signIn.isPending}>
          {secondStep ? 'Verify' : 'Sign in'}
        </Button>
      </Form>
      {secondStep ? (
        <Button
          className="link-button"
          onPress={() => {
            setUseRecovery(!useRecovery)
            setCode('')
          }}
        >
          {useRecovery ? 'Use the authenticator app instead' : 'Use a recovery code instead'}
        </Button>
      ) : (
        <p>
          <Link to="/forgot-password">Forgot password?</Link>
        </p>
      )}
    </AuthLayout>
  )
}
