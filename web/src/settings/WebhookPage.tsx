// Settings → Webhooks → one endpoint: its settings (members edit URL, events, description, pause or resume),
// a test event sent now with its outcome, the signing secret rotated (shown once), delete, and its delivery log.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { ApiError, api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { SelectField } from '../ui/SelectField'
import { SettingsNav } from './SettingsNav'
import { ShownOnce } from './ShownOnce'
import { deliveriesKey, WebhookDeliveries } from './WebhookDeliveries'
import { WebhookFields } from './WebhookFields'
import {
  FIELD_OF_CODE,
  validateWebhook,
  WEBHOOKS_KEY,
  type Webhook,
  type WebhookField,
  type WebhookFormValues,
} from './webhookRules'

const STATUSES: ReadonlyArray<{ id: Webhook['status']; name: string }> = [
  { id: 'active', name: 'Active' },
  { id: 'paused', name: 'Paused' },
]

export default function WebhookPage() {
  const id = useParams().id ?? ''
  const member = useCan('member')
  const webhook = useQuery({
    queryKey: [...WEBHOOKS_KEY, id],
    queryFn: () => unwrap(api.GET('/api/v2/webhooks/{id}', { params: { path: { id } } })),
  })
  const w = webhook.data?.webhook
  return (
    <section>
      <h1>Webhook</h1>
      <SettingsNav />
      <p>
        <Link to="/settings/webhooks">All webhooks</Link>
      </p>
      <ErrorNote error={webhook.error} />
      {webhook.isPending && <Loading />}
      {w && (
        <>
          <dl className="facts">
            <dt>URL</dt>
            <dd>{w.url}</dd>
            <dt>Status</dt>
            <dd>
              {w.status}
              {w.paused_reason && ` (${w.paused_reason.replaceAll('_', ' ')})`}
            </dd>
            <dt>Failures since the last success</dt>
            <dd>{w.consecutive_failures}</dd>
            <dt>Created</dt>
            <dd>{formatTime(w.created_at)}</dd>
          </dl>
          {member && (
            <>
              <EditWebhook key={w.id} webhook={w} />
              <TestWebhook id={w.id} />
              <RotateSecret id={w.id} />
              <DeleteWebhook id={w.id} />
            </>
          )}
          <WebhookDeliveries id={w.id} />
        </>
      )}
    </section>
  )
}

function EditWebhook({ webhook }: { webhook: Webhook }) {
  const client = useQueryClient()
  const [values, setValues] = useState<WebhookFormValues>({
    url: webhook.url,
    events: webhook.events,
    description: webhook.description ?? '',
  })
  const [status, setStatus] = useState(webhook.status)
  const [errors, setErrors] = useState<Partial<Record<WebhookField, string>>>({})
  const save = useMutation({
    mutationFn: (v: WebhookFormValues) =>
      unwrap(
        api.PATCH('/api/v2/webhooks/{id}', {
          params: { path: { id: webhook.id } },
          body: { url: v.url.trim(), events: v.events, description: v.description.trim() || null, status },
        }),
      ),
    onSuccess: (reply) => {
      client.setQueryData([...WEBHOOKS_KEY, webhook.id], reply)
      void client.invalidateQueries({ queryKey: WEBHOOKS_KEY, exact: false })
    },
    onError: (err) => {
      const field = err instanceof ApiError ? FIELD_OF_CODE[err.code] : undefined
      if (field) setErrors({ [field]: err.message })
    },
  })
  const set = <K extends WebhookField>(field: K, value: WebhookFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
    save.reset()
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const found = validateWebhook(values)
    setErrors(found)
    if (Object.keys(found).length === 0) save.mutate(values)
  }
  const general = save.error instanceof ApiError && FIELD_OF_CODE[save.error.code] ? null : save.error
  return (
    <>
      <h2>Edit</h2>
      <Form onSubmit={submit} className="settings-form" validationBehavior="aria">
        <WebhookFields values={values} errors={errors} set={set} />
        <SelectField<Webhook['status']>
          label="Sending"
          value={status}
          options={STATUSES}
          onChange={setStatus}
        />
        <ErrorNote error={general} />
        {save.isSuccess && <p role="status">Webhook saved.</p>}
        <Button type="submit" className="primary" data-write="" isDisabled={save.isPending}>
          Save webhook
        </Button>
      </Form>
    </>
  )
}

function TestWebhook({ id }: { id: string }) {
  const client = useQueryClient()
  const test = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v2/webhooks/{id}/test', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: deliveriesKey(id) }),
  })
  const d = test.data?.delivery
  return (
    <>
      <h2>Test</h2>
      <p className="inline-form">
        <Button data-write="" isDisabled={test.isPending} onPress={() => test.mutate()}>
          Send a test event
        </Button>
        {test.isPending && <span role="status">Sending…</span>}
      </p>
      <ErrorNote error={test.error} />
      {d && (
        <p role="status" data-testid="test-result">
          Test {d.status === 'succeeded' ? 'delivered' : 'failed'}
          {d.last_status_code !== null && `: HTTP ${d.last_status_code}`}
          {d.last_error && ` — ${d.last_error}`}
        </p>
      )}
    </>
  )
}

function RotateSecret({ id }: { id: string }) {
  const [confirming, setConfirming] = useState(false)
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v2/webhooks/{id}/rotate-secret', { params: { path: { id } } })),
    onSuccess: () => setConfirming(false),
  })
  return (
    <>
      <h2>Signing secret</h2>
      <p className="muted">A new secret takes effect at once: the old one stops signing deliveries.</p>
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
          Rotate secret
        </Button>
      )}
      <ErrorNote error={rotate.error} />
      {rotate.data && (
        <ShownOnce what="The new signing secret" secret={rotate.data.secret} testId="webhook-secret" />
      )}
    </>
  )
}

function DeleteWebhook({ id }: { id: string }) {
  const client = useQueryClient()
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v2/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      client.removeQueries({ queryKey: [...WEBHOOKS_KEY, id] })
      void client.invalidateQueries({ queryKey: WEBHOOKS_KEY })
      navigate('/settings/webhooks')
    },
  })
  return (
    <>
      <h2>Delete</h2>
      {confirming ? (
        <p className="inline-form">
          <Button
            data-write=""
            className="primary"
            isDisabled={remove.isPending}
            onPress={() => remove.mutate()}
          >
            Confirm delete
          </Button>
          <Button onPress={() => setConfirming(false)}>Cancel</Button>
        </p>
      ) : (
        <Button data-write="" onPress={() => setConfirming(true)}>
          Delete webhook
        </Button>
      )}
      <p className="muted">Deleting also drops its delivery history.</p>
      <ErrorNote error={remove.error} />
    </>
  )
}
