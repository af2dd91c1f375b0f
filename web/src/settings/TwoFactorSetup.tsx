// Enrolment: the API makes a secret (QR code and text), the user proves it with a code from their app, and the
// API answers ten recovery codes, shown here once.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { api, unwrap } from '../api/client'
import { SESSION_KEY } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { TextInput } from '../ui/TextInput'

export function TwoFactorSetup() {
  const client = useQueryClient()
  const [code, setCode] = useState('')
  const setup = useMutation({ mutationFn: () => unwrap(api.POST('/api/v2/auth/two-factor/setup')) })
  const enable = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v2/auth/two-factor/enable', { body: { code: code.trim() } })),
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    enable.mutate()
  }
  if (enable.data)
    return (
      <div className="recovery-codes">
        <p role="status">Two-factor authentication is on.</p>
        <p>
          Keep these recovery codes somewhere safe. Each one signs you in once if you lose your authenticator.
          They are shown only now.
        </p>
        <ul aria-label="Recovery codes">
          {enable.data.recovery_codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <Button className="primary" onPress={() => client.invalidateQueries({ queryKey: SESSION_KEY })}>
          I have saved them
        </Button>
      </div>
    )
  if (!setup.data)
    return (
      <>
        <p>
          Two-factor authentication is off. Turn it on to ask for a code from an authenticator app at sign-in.
        </p>
        <ErrorNote error={setup.error} />
        <Button className="primary" onPress={() => setup.mutate()} isDisabled={setup.isPending}>
          Set up two-factor authentication
        </Button>
      </>
    )
  return (
    <Form onSubmit={submit} className="two-factor-setup">
      <p>Scan this code with your authenticator app, or type the key below into it.</p>
      <img
        className="qr"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.data.qr_svg)}`}
        alt="QR code of the two-factor secret"
        width={200}
        height={200}
      />
      <p>
        Key: <code data-testid="totp-secret">{setup.data.secret}</code>
      </p>
      <TextInput
        label="Code from the app"
        name="code"
        value={code}
        onChange={setCode}
        autoComplete="one-time-code"
        inputMode="numeric"
        isRequired
      />
      <ErrorNote error={enable.error} />
      <Button type="submit" className="primary" isDisabled={enable.isPending}>
        Turn on
      </Button>
    </Form>
  )
}
