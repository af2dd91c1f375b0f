// A signed-in user changes their password; the API signs out their other sessions (this one stays).
import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { TextInput } from '../ui/TextInput'

export function ChangePassword() {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const change = useMutation({
    mutationFn: () =>
      unwrap(api.PUT('/api/v2/auth/password', { body: { current_password: current, password: next } })),
    onSuccess: () => {
      setCurrent('')
      setNext('')
    },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    change.mutate()
  }
  return (
    <Form onSubmit={submit} className="change-password">
      <TextInput
        label="Current password"
        name="current-password"
        type="password"
        value={current}
        onChange={setCurrent}
        autoComplete="current-password"
        isRequired
      />
      <TextInput
        label="New password"
        name="new-password"
        type="password"
        value={next}
        onChange={setNext}
        autoComplete="new-password"
        minLength={8}
        description="At least 8 characters. Your other sessions are signed out."
        isRequired
      />
      <ErrorNote error={change.error} />
      {change.isSuccess && <p role="status">Password changed. Other sessions are signed out.</p>}
      <Button type="submit" isDisabled={change.isPending}>
        Change password
      </Button>
    </Form>
  )
}
