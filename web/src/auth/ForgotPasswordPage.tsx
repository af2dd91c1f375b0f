// Asks for a reset link by email; the answer is the same whether or not the email has a login.
import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { Link } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { TextInput } from '../ui/TextInput'
import { AuthLayout } from './AuthLayout'

export default function ForgotPasswordPage() {
  const [email, setEmail] = useState('')
  const request = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v2/auth/password-reset', { body: { email } })),
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    request.mutate()
  }
  return (
    <AuthLayout title="Reset your password">
      {request.isSuccess ? (
        <p role="status">
          If {email} has a Trackly login, a reset link is on its way. It works for one hour.
        </p>
      ) : (
        <Form onSubmit={submit}>
          <TextInput
            label="Email"
            name="email"
            type="email"
            value={email}
            onChange={setEmail}
            autoComplete="email"
            isRequired
            autoFocus
          />
          <ErrorNote error={request.error} />
          <Button type="submit" className="primary" isDisabled={request.isPending}>
            Email me a reset link
          </Button>
        </Form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </AuthLayout>
  )
}
