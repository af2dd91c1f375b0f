// Settings → API keys (owners): the account's keys by name, prefix and role; a new key is shown once, with a copy
// button; revoking asks for a second press.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { api, unwrap } from '../api/client'
import { type Role, useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { SelectField } from '../ui/SelectField'
import { TableScroll } from '../ui/TableScroll'
import { TextInput } from '../ui/TextInput'
import { ROLE_OPTIONS } from './roleOptions'
import { SettingsNav } from './SettingsNav'

const KEY = ['api-keys'] as const

export default function ApiKeysPage() {
  const owner = useCan('owner')
  return (
    <section>
      <h1>API keys</h1>
      <SettingsNav />
      {owner ? <Keys /> : <p>Only owners manage API keys.</p>}
    </section>
  )
}

function Keys() {
  const keys = useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET('/api/v2/keys')) })
  return (
    <>
      <CreateKey />
      <h2>Active keys</h2>
      <ErrorNote error={keys.error} />
      {keys.isPending && <Loading />}
      {keys.data && (
        <TableScroll label="API keys">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.role}</td>
                  <td>{formatTime(k.created_at)}</td>
                  <td>{formatTime(k.last_used_at)}</td>
                  <td>
                    <RevokeKey id={k.id} name={k.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  )
}

function CreateKey() {
  const client = useQueryClient()
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('member')
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v2/keys', { body: { name: name.trim(), role } })),
    onSuccess: () => {
      setName('')
      setCopied(null)
      void client.invalidateQueries({ queryKey: KEY })
    },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    create.mutate()
  }
  // The clipboard may be refused (permissions, an insecure origin): then the key stays there to select.
  const copy = (key: string) =>
    navigator.clipboard.writeText(key).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    )
  return (
    <>
      <h2>New key</h2>
      <Form onSubmit={submit} className="inline-form">
        <TextInput label="Name" name="key-name" value={name} onChange={setName} maxLength={100} isRequired />
        <SelectField label="Role" value={role} options={ROLE_OPTIONS} onChange={(r) => setRole(r)} />
        <Button type="submit" data-write="" isDisabled={create.isPending}>
          Create key
        </Button>
      </Form>
      <ErrorNote error={create.error} />
      {create.data && (
        <div className="notice" role="status">
          <p>Key “{create.data.key.name}” created. Copy it now: it is not shown again.</p>
          <p>
            <code data-testid="new-api-key">{create.data.api_key}</code>{' '}
            <Button onPress={() => void copy(create.data.api_key)}>Copy key</Button>
            {copied === 'yes' && <span> Copied.</span>}
            {copied === 'failed' && <span> Could not copy: select the key and copy it.</span>}
          </p>
        </div>
      )}
    </>
  )
}

function RevokeKey({ id, name }: { id: string; name: string }) {
  const client = useQueryClient()
  const [confirming, setConfirming] = useState(false)
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v2/keys/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  })
  if (!confirming)
    return (
      <Button data-write="" aria-label={`Revoke ${name}`} onPress={() => setConfirming(true)}>
        Revoke
      </Button>
    )
  return (
    <span className="inline-form">
      <Button
        data-write=""
        className="primary"
        aria-label={`Confirm revoking ${name}`}
        isDisabled={revoke.isPending}
        onPress={() => revoke.mutate()}
      >
        Confirm revoke
      </Button>
      <Button onPress={() => setConfirming(false)}>Cancel</Button>
      <ErrorNote error={revoke.error} />
    </span>
  )
}
