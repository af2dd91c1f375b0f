// The BYOC set-up check of a list (spec §21): credentials test → send test → webhook reply, each with its state,
// and for owners a form that sends the fixed test text through the list's own provider. The provider's delivery
// report for it is the webhook reply; the list page re-reads the list until that has arrived.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { ApiError, api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { TextInput } from '../ui/TextInput'
import type { SendingList } from './listRules'

const E164 = /^\+[1-9]\d{6,14}$/

interface Step {
  name: string
  done: boolean
  detail: string
}

export function stepsOf(l: SendingList): Step[] {
  return [
    {
      name: 'Credentials test',
      done: l.provider === 'simulator' || l.credentials.configured,
      detail:
        l.provider === 'simulator'
          ? 'The simulator needs no credentials.'
          : l.credentials.configured
            ? `${l.provider} accepted the credentials when they were saved.`
            : `Save the ${l.provider} credentials in the form below.`,
    },
    {
      name: 'Send test',
      done: l.test_sent_at !== null,
      detail: l.test_sent_at
        ? `The provider took a test text ${formatTime(l.test_sent_at)}.`
        : 'Send a test text through this list’s provider.',
    },
    {
      name: 'Webhook reply',
      done: l.webhook_verified_at !== null,
      detail: l.webhook_verified_at
        ? `A verified webhook from the provider arrived ${formatTime(l.webhook_verified_at)}.`
        : 'Waiting for the provider’s first delivery report or inbound message at the webhook URLs.',
    },
  ]
}

export function SetupCheck({ list: l, queryKey }: { list: SendingList; queryKey: readonly unknown[] }) {
  const owner = useCan('owner')
  const client = useQueryClient()
  const [to, setTo] = useState('')
  const [toError, setToError] = useState<string | null>(null)
  const send = useMutation({
    mutationFn: (recipient: string) =>
      unwrap(
        api.POST('/api/v2/lists/{id}/test-send', {
          params: { path: { id: String(l.id) } },
          body: { to: recipient },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey }),
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'invalid_phone') setToError(err.message)
    },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const recipient = to.trim()
    if (!E164.test(recipient)) {
      setToError('to must be an E.164 number such as +14155551234')
      return
    }
    setToError(null)
    send.mutate(recipient)
  }
  const steps = stepsOf(l)
  const fieldError = send.error instanceof ApiError && send.error.code === 'invalid_phone'
  return (
    <>
      <h2>Set-up check</h2>
      <p className="muted">
        {l.byoc
          ? 'A list on your own provider account sends once all three steps have passed.'
          : 'Three steps that show the number works end to end.'}
      </p>
      <ol className="setup-steps" aria-label="Set-up check">
        {steps.map((s) => (
          <li key={s.name} data-step-done={s.done}>
            <strong>{s.name}</strong>{' '}
            <span className={`badge ${s.done ? 'good' : 'warn'}`}>{s.done ? 'passed' : 'to do'}</span>
            <br />
            <span className="muted">{s.detail}</span>
          </li>
        ))}
      </ol>
      {owner && (
        <Form onSubmit={submit} className="settings-form" validationBehavior="aria">
          <TextInput
            label="Send the test text to"
            description="E.164, e.g. your own phone: +14155551234"
            name="to"
            value={to}
            onChange={(v) => {
              setTo(v)
              setToError(null)
              send.reset()
            }}
            isInvalid={toError !== null}
            {...(toError ? { errorMessage: toError } : {})}
          />
          <Button type="submit" data-write="" isDisabled={send.isPending}>
            {send.isPending ? 'Sending…' : 'Send test'}
          </Button>
          {send.data && (
            <p role="status">
              Test text sent: {l.provider} message id <code>{send.data.provider_message_id}</code>.
            </p>
          )}
          {!fieldError && <ErrorNote error={send.error} />}
        </Form>
      )}
    </>
  )
}
