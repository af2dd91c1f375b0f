// Turning two-factor authentication off takes the password and a current code.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { api, unwrap } from '../api/client'
import { SESSION_KEY } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { TextInput } from '../ui/TextInput'

export function TwoFactorDisable() {
  const client = useQueryClient()
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const disable = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v2/auth/two-factor/disable', { body: { password, code: code.trim() } })),
    onSuccess: () => client.invalidateQueries({ queryKey: SESSION_KEY }),
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    disable.mutate()
  }
  return (
    <>
      <p>Two-factor authentication is on.</p>
      <Form onSubmit={submit} className="two-factor-disable">
        <TextInput
          label="Password"
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          isRequired
        />
        <TextInput
          label="Code from the app"
          name="code"
          value={code}
          onChange={setCode}
          autoComplete="one-time-code"
          isRequired
        />
        <ErrorNote error={disable.error} />
        <Button type="submit" isDisabled={disable.isPending}>
          Turn off two-factor authentication
        </Button>
      </Form>
    </>
  )
}
