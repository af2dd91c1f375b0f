// Settings → Postbacks: the postback URLs to paste into TUNE, Everflow and Cake (and the generic conversion and
// pixel URLs), the account's postback secret (owners see and rotate it; others see a placeholder in the URLs),
// whether unsigned postbacks are accepted, and the IP allow-list, whose problems show beside it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, FieldError, Form, Label, Switch, Text, TextArea, TextField } from 'react-aria-components'
import { ApiError, api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import type { Reply } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { checkAllowlist, entriesOf } from './postbackRules'
import { SettingsNav } from './SettingsNav'
import { ShownOnce } from './ShownOnce'

const KEY = ['postback-settings'] as const
type Settings = Reply<'/api/v2/postbacks/settings'>

const URLS: ReadonlyArray<{ id: keyof Settings['postback_urls']; name: string }> = [
  { id: 'tune', name: 'TUNE (HasOffers)' },
  { id: 'everflow', name: 'Everflow' },
  { id: 'cake', name: 'Cake' },
  { id: 'conv_offer', name: 'Conversion by offer (/conv/offer)' },
  { id: 'conv', name: 'Conversion by link (/conv)' },
  { id: 'pixel', name: 'Conversion pixel' },
]

export default function PostbacksPage() {
  const settings = useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET('/api/v2/postbacks/settings')) })
  return (
    <section>
      <h1>Postbacks</h1>
      <SettingsNav />
      <ErrorNote error={settings.error} />
      {settings.isPending && <Loading />}
      {settings.data && <PostbackSettings settings={settings.data} />}
    </section>
  )
}

function PostbackSettings({ settings }: { settings: Settings }) {
  const owner = useCan('owner')
  return (
    <>
      {!owner && <p className="muted">Only owners see the secret and change these settings.</p>}
      <h2>Postback URLs</h2>
      <p className="muted">
        Paste the one for your network into its postback settings; the macros in braces are the network’s own.
      </p>
      <dl className="facts postback-urls">
        {URLS.map((u) => (
          <div key={u.id}>
            <dt>{u.name}</dt>
            <dd>
              <code data-testid={`postback-url-${u.id}`}>{settings.postback_urls[u.id]}</code>
            </dd>
          </div>
        ))}
      </dl>
      {owner && <Secret settings={settings} />}
      <AllowUnsigned allowed={settings.allow_unsigned} canEdit={owner} />
      <Allowlist saved={settings.ip_allowlist} canEdit={owner} />
    </>
  )
}

function Secret({ settings }: { settings: Settings }) {
  const client = useQueryClient()
  const [confirming, setConfirming] = useState(false)
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v2/postbacks/secret')),
    onSuccess: ({ secret, postback_urls }) => {
      setConfirming(false)
      client.setQueryData<Settings>(KEY, { ...settings, secret, secret_set: true, postback_urls })
    },
  })
  return (
    <>
      <h2>Postback secret</h2>
      <p>
        {settings.secret ? (
          <>
            Current secret: <code data-testid="postback-secret">{settings.secret}</code>
          </>
        ) : (
          'No secret yet.'
        )}
      </p>
      <p className="muted">
        A new secret takes effect within seconds: postbacks carrying the old one are refused until the
        networks have the new URLs.
      </p>
      {confirming ? (
        <p className="inline-form">
          <Button
            data-write=""
            className="primary"
            isDisabled={rotate.isPending}
            onPress={() => rotate.mutate()}
          >
            Confirm new secret
          </Button>
          <Button onPress={() => setConfirming(false)}>Cancel</Button>
        </p>
      ) : (
        <Button data-write="" onPress={() => setConfirming(true)}>
          {settings.secret_set ? 'Rotate secret' : 'Generate secret'}
        </Button>
      )}
      <ErrorNote error={rotate.error} />
      {rotate.data && (
        <ShownOnce
          what="The new postback secret (the URLs above now carry it)"
          secret={rotate.data.secret}
          testId="new-postback-secret"
          once={false}
        />
      )}
    </>
  )
}

function AllowUnsigned({ allowed, canEdit }: { allowed: boolean; canEdit: boolean }) {
  const client = useQueryClient()
  const save = useMutation({
    mutationFn: (allow_unsigned: boolean) =>
      unwrap(api.PUT('/api/v2/postbacks/allow-unsigned', { body: { allow_unsigned } })),
    onSuccess: ({ allow_unsigned }) =>
      client.setQueryData<Settings>(KEY, (s) => (s ? { ...s, allow_unsigned } : s)),
  })
  return (
    <>
      <h2>Unsigned postbacks</h2>
      <Switch
        className="switch"
        isSelected={allowed}
        isReadOnly={!canEdit || save.isPending}
        onChange={(on) => save.mutate(on)}
        {...(canEdit ? { 'data-write': '' } : {})}
      >
        <span className="switch-track" aria-hidden="true" />
        Accept postbacks without the secret (a wrong secret is refused regardless)
      </Switch>
      <ErrorNote error={save.error} />
    </>
  )
}

function Allowlist({ saved, canEdit }: { saved: string[]; canEdit: boolean }) {
  const client = useQueryClient()
  const [text, setText] = useState(saved.join('\n'))
  const [error, setError] = useState<string>()
  const save = useMutation({
    mutationFn: (ip_allowlist: string[]) =>
      unwrap(api.PUT('/api/v2/postbacks/allowlist', { body: { ip_allowlist } })),
    onSuccess: ({ ip_allowlist }) => {
      // Shown as stored: canonical, duplicates dropped.
      setText(ip_allowlist.join('\n'))
      client.setQueryData<Settings>(KEY, (s) => (s ? { ...s, ip_allowlist } : s))
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'invalid_ip_allowlist') setError(err.message)
    },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const entries = entriesOf(text)
    const found = checkAllowlist(entries)
    setError(found)
    if (!found) save.mutate(entries)
  }
  const general =
    save.error instanceof ApiError && save.error.code === 'invalid_ip_allowlist' ? null : save.error
  return (
    <>
      <h2>IP allow-list</h2>
      <Form onSubmit={submit} className="settings-form" validationBehavior="aria">
        <TextField
          className="field"
          name="ip_allowlist"
          value={text}
          onChange={(v) => {
            setText(v)
            setError(undefined)
            save.reset()
          }}
          isReadOnly={!canEdit}
          isInvalid={Boolean(error)}
        >
          <Label>Allowed addresses</Label>
          <TextArea rows={6} />
          <Text slot="description">
            One IPv4/IPv6 address or CIDR range a line (e.g. 203.0.113.0/24); postbacks from elsewhere are
            refused. Empty: any address.
          </Text>
          <FieldError>{error}</FieldError>
        </TextField>
        <ErrorNote error={general} />
        {save.isSuccess && <p role="status">Allow-list saved.</p>}
        {canEdit && (
          <Button type="submit" className="primary" data-write="" isDisabled={save.isPending}>
            Save allow-list
          </Button>
        )}
      </Form>
    </>
  )
}
