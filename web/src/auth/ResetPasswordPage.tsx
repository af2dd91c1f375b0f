// The page the emailed reset link opens (/reset-password?token=…): shows whose password it resets, sets a new one.
import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { Link, useSearchParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { TextInput } from '../ui/TextInput'
import { AuthLayout } from './AuthLayout'

export default function ResetPasswordPage() {
  const token = useSearchParams()[0].get('token') ?? ''
  const [password, setPassword] = useState('')
  const preview = useQuery({
    queryKey: ['password-reset', token],
    queryFn: () => unwrap(api.GET('/api/v2/auth/password-reset/confirm', { params: { query: { token } } })),
    enabled: token !== '',
  })
  const confirm = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v2/auth/password-reset/confirm', { body: { token, password } })),
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    confirm.mutate()
  }
  let body: React.ReactNode
  if (!token) body = <p role="alert">This link has no token. Ask for a new reset link.</p>
  else if (preview.isPending) body = <Loading />
  else if (preview.error) body = <ErrorNote error={preview.error} />
  else if (confirm.isSuccess)
    body = (
      <p role="status">
        Your password is changed. <Link to="/sign-in">Sign in</Link>
      </p>
    )
  else
    body = (
      <Form onSubmit={submit}>
        <p>Choose a new password for {preview.data.email}.</p>
        <TextInput
          label="New password"
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
        <ErrorNote error={confirm.error} />
        <Button type="submit" className="primary" isDisabled={confirm.isPending}>
          Set password
        </Button>
      </Form>
    )
  return (
    <AuthLayout title="Set a new password">
      {body}
      {!confirm.isSuccess && (
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      )}
    </AuthLayout>
  )
}
