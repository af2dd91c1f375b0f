// Settings → Webhooks: the account's endpoints (URL, events, status, last outcome) and a register form for members;
// the signing secret of a new endpoint is shown once. Each endpoint opens its own page (edit, test, deliveries).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { Link } from 'react-router-dom'
import { ApiError, api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'
import { useSearchUpdate } from '../ui/useSearchUpdate'
import { SettingsNav } from './SettingsNav'
import { ShownOnce } from './ShownOnce'
import { WebhookFields } from './WebhookFields'
import {
  FIELD_OF_CODE,
  validateWebhook,
  WEBHOOKS_KEY,
  type WebhookField,
  type WebhookFormValues,
} from './webhookRules'

const PER_PAGE = 50

export default function WebhooksPage() {
  const member = useCan('member')
  return (
    <section>
      <h1>Webhooks</h1>
      <SettingsNav />
      <p className="muted">
        Trackly POSTs delivery receipts, unsubscribes and replies to these URLs, signed with each endpoint’s
        secret in <code>X-Trackly-Signature</code>.
      </p>
      {member && <RegisterWebhook />}
      <Endpoints />
    </section>
  )
}

function Endpoints() {
  const [params, set] = useSearchUpdate()
  const page = Math.max(1, Number(params.get('page')) || 1)
  const query = { page, per_page: PER_PAGE }
  const list = useQuery({
    queryKey: [...WEBHOOKS_KEY, query],
    queryFn: () => unwrap(api.GET('/api/v2/webhooks', { params: { query } })),
    placeholderData: (previous) => previous,
  })
  const pages = Math.max(1, list.data?.pagination.total_pages ?? 1)
  return (
    <>
      <h2>Endpoints</h2>
      <ErrorNote error={list.error} />
      {list.isPending && <Loading />}
      {list.data && (
        <>
          <TableScroll label="Webhook endpoints">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">Events</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last success</th>
                  <th scope="col">Last failure</th>
                </tr>
              </thead>
              <tbody>
                {list.data.webhooks.length === 0 && (
                  <tr>
                    <td colSpan={5}>No endpoints yet.</td>
                  </tr>
                )}
                {list.data.webhooks.map((w) => (
                  <tr key={w.id}>
                    <td>
                      <Link to={`/settings/webhooks/${w.id}`}>{w.url}</Link>
                      {w.description && <div className="muted">{w.description}</div>}
                    </td>
                    <td>{w.events.join(', ')}</td>
                    <td>
                      {w.status}
                      {w.paused_reason && (
                        <span className="muted"> ({w.paused_reason.replaceAll('_', ' ')})</span>
                      )}
                    </td>
                    <td>{formatTime(w.last_success_at)}</td>
                    <td>{formatTime(w.last_failure_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {pages > 1 && (
            <nav className="pager" aria-label="Pages">
              <button type="button" disabled={page <= 1} onClick={() => set({ page: String(page - 1) })}>
                Previous
              </button>
              <span>
                Page {page} of {pages}
              </span>
              <button type="button" disabled={page >= pages} onClick={() => set({ page: String(page + 1) })}>
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </>
  )
}

const EMPTY: WebhookFormValues = { url: '', events: ['delivery', 'unsubscribe', 'reply'], description: '' }

function RegisterWebhook() {
  const client = useQueryClient()
  const [values, setValues] = useState(EMPTY)
  const [errors, setErrors] = useState<Partial<Record<WebhookField, string>>>({})
  const create = useMutation({
    mutationFn: (v: WebhookFormValues) =>
      unwrap(
        api.POST('/api/v2/webhooks', {
          body: {
            url: v.url.trim(),
            events: v.events,
            ...(v.description.trim() ? { description: v.description.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setValues(EMPTY)
      void client.invalidateQueries({ queryKey: WEBHOOKS_KEY })
    },
    onError: (err) => {
      const field = err instanceof ApiError ? FIELD_OF_CODE[err.code] : undefined
      if (field) setErrors({ [field]: err.message })
    },
  })
  const set = <K extends WebhookField>(field: K, value: WebhookFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const found = validateWebhook(values)
    setErrors(found)
    if (Object.keys(found).length === 0) create.mutate(values)
  }
  const general = create.error instanceof ApiError && FIELD_OF_CODE[create.error.code] ? null : create.error
  return (
    <>
      <h2>Register an endpoint</h2>
      <Form onSubmit={submit} className="settings-form" validationBehavior="aria">
        <WebhookFields values={values} errors={errors} set={set} />
        <ErrorNote error={general} />
        <Button type="submit" className="primary" data-write="" isDisabled={create.isPending}>
          Register webhook
        </Button>
      </Form>
      {create.data && (
        <ShownOnce
          what={`Endpoint ${create.data.webhook.url} registered. Its signing secret`}
          secret={create.data.secret}
          testId="webhook-secret"
        />
      )}
    </>
  )
}
