// A contact's custom fields on one list; members and owners edit them (PUT /contacts replaces the whole set, so
// a removed row is removed). Values keep their type: true/false become booleans, plain numbers numbers.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { ApiError, api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { TextInput } from '../ui/TextInput'
import type { Subscription } from './ContactPage'

type Row = { key: string; value: string }

const typed = (value: string): string | number | boolean => {
  if (value === 'true' || value === 'false') return value === 'true'
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value
}

export function CustomFields({ contactId, subscription }: { contactId: string; subscription: Subscription }) {
  const canWrite = useCan('member')
  const [editing, setEditing] = useState<Row[] | null>(null)
  const client = useQueryClient()
  const fields = Object.entries(subscription.custom_fields)
  const save = useMutation({
    mutationFn: (rows: Row[]) =>
      unwrap(
        api.PUT('/api/v2/contacts', {
          body: {
            phone_number: subscription.phone_number,
            list_number: subscription.list_number,
            custom_fields: Object.fromEntries(
              rows.filter((r) => r.key.trim() !== '').map((r) => [r.key.trim(), typed(r.value)]),
            ),
            merge_fields: false,
          },
        }),
      ),
    onSuccess: () => {
      setEditing(null)
      client.invalidateQueries({ queryKey: ['contact', contactId] })
    },
  })
  const fieldError =
    save.error instanceof ApiError && save.error.code === 'invalid_custom_fields'
      ? save.error.message
      : undefined
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (editing) save.mutate(editing)
  }
  const heading = `On ${subscription.list_number}`
  if (!editing)
    return (
      <section aria-label={`Custom fields on ${subscription.list_number}`}>
        <h3>{heading}</h3>
        {fields.length === 0 ? (
          <p className="muted">No custom fields.</p>
        ) : (
          <dl className="facts">
            {fields.map(([key, value]) => (
              <div key={key} style={{ display: 'contents' }}>
                <dt>{key}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
          </dl>
        )}
        {canWrite && (
          <Button
            data-write=""
            onPress={() =>
              setEditing([
                ...fields.map(([key, value]) => ({ key, value: String(value) })),
                { key: '', value: '' },
              ])
            }
            aria-label={`Edit custom fields on ${subscription.list_number}`}
          >
            Edit custom fields
          </Button>
        )}
      </section>
    )
  const change = (index: number, patch: Partial<Row>) =>
    setEditing(editing.map((r, i) => (i === index ? { ...r, ...patch } : r)))
  return (
    <Form onSubmit={submit} aria-label={`Custom fields on ${subscription.list_number}`}>
      <h3>{heading}</h3>
      {editing.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place while edited
        <div className="controls" key={index}>
          <TextInput
            label={`Field ${index + 1} name`}
            value={row.key}
            onChange={(key) => change(index, { key })}
          />
          <TextInput
            label={`Field ${index + 1} value`}
            value={row.value}
            onChange={(value) => change(index, { value })}
            isInvalid={fieldError !== undefined}
            errorMessage={fieldError}
          />
        </div>
      ))}
      <div className="controls">
        <Button onPress={() => setEditing([...editing, { key: '', value: '' }])}>Add a field</Button>
        <Button type="submit" className="react-aria-Button primary" isDisabled={save.isPending}>
          Save fields
        </Button>
        <Button onPress={() => setEditing(null)}>Cancel</Button>
      </div>
      {!fieldError && <ErrorNote error={save.error} />}
    </Form>
  )
}
