// One sending list: its settings (owners edit them; other roles read), the webhook URLs to paste at the provider
// and whether a verified webhook has arrived (BYOC lists send only after it), and the three-step set-up check with
// the owner's "Send test" form.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useLocation, useParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime, formatValue } from '../ui/format'
import { Loading } from '../ui/Loading'
import { ListForm } from './ListForm'
import { LISTS_KEY } from './ListsPage'
import { credentialsOf, type ListFormValues, type SendingList, valuesOf } from './listRules'
import { SetupCheck } from './SetupCheck'

function update(id: number, v: ListFormValues) {
  const rate = v.rate_per_minute.trim()
  return unwrap(
    api.PATCH('/api/v2/lists/{id}', {
      params: { path: { id: String(id) } },
      body: {
        phone_number: v.phone_number.trim(),
        number_type: v.number_type,
        provider: v.provider,
        byoc: v.provider !== 'simulator' && v.byoc,
        brand_name: v.brand_name.trim(),
        ...(v.list_name.trim() ? { list_name: v.list_name.trim() } : {}),
        shortener_domain: v.shortener_domain.trim() || null,
        click_domain: v.click_domain.trim() || null,
        ...(rate ? { rate_per_minute: Number(rate) } : {}),
        status: v.status,
        credentials: credentialsOf(v),
      },
    }),
  )
}

export default function ListPage() {
  const { id = '' } = useParams()
  const owner = useCan('owner')
  const created = (useLocation().state as { created?: boolean } | null)?.created === true
  const client = useQueryClient()
  const key = [...LISTS_KEY, id]
  const list = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v2/lists/{id}', { params: { path: { id } } })),
    // After a test send, until the provider's webhook reply has arrived: the check's last step turns by itself.
    refetchInterval: (q) => {
      const l = q.state.data?.list
      return l?.test_sent_at && !l.webhook_verified_at ? 2_000 : false
    },
  })
  if (list.isPending) return <Loading />
  if (!list.data) return <ErrorNote error={list.error} />
  const l = list.data.list
  return (
    <section>
      <p>
        <Link to="/lists">← Lists</Link>
      </p>
      <h1>
        {l.list_name} <span className="muted">{l.phone_number}</span>
      </h1>
      {created && <p role="status">List created.</p>}
      <Summary list={l} />
      {l.webhooks && <Webhooks list={l} webhooks={l.webhooks} />}
      <SetupCheck list={l} queryKey={key} />
      {owner && (
        <>
          <h2>Edit</h2>
          <ListForm
            key={`${l.id}-${l.provider}`}
            initial={valuesOf(l)}
            saved={{ provider: l.provider, hasCredentials: l.credentials.configured }}
            submitLabel="Save list"
            onSubmit={(v) => update(l.id, v)}
            onSaved={(reply) => {
              client.setQueryData(key, reply)
              void client.invalidateQueries({ queryKey: LISTS_KEY, exact: true })
            }}
          />
        </>
      )}
    </section>
  )
}

function Summary({ list: l }: { list: SendingList }) {
  return (
    <dl className="facts">
      <dt>Status</dt>
      <dd>{l.status}</dd>
      <dt>Provider</dt>
      <dd>
        {l.provider}
        {l.byoc && ' (bring your own carrier)'} · credentials {l.credentials.configured ? 'saved' : 'none'}
      </dd>
      <dt>Brand</dt>
      <dd>{l.brand_name}</dd>
      <dt>Link domains</dt>
      <dd>
        {l.shortener_domain ?? 'no shortener domain'} · clicks on {l.click_domain ?? 'the platform’s domain'}
      </dd>
      <dt>Rate</dt>
      <dd>{formatValue(l.send_rate_per_minute, 'integer')} messages a minute</dd>
      <dt>Contacts</dt>
      <dd>
        {formatValue(l.contact_count, 'integer')} active · {formatValue(l.unsubscribed_count, 'integer')}{' '}
        unsubscribed
      </dd>
    </dl>
  )
}

function Webhooks({
  list: l,
  webhooks,
}: {
  list: SendingList
  webhooks: { status: string; inbound: string }
}) {
  return (
    <>
      <h2>Webhooks</h2>
      <p className="muted">
        Paste these at {l.provider}: delivery reports (status callback) and inbound messages. They hold this
        list’s secret token.
      </p>
      <dl className="facts">
        <dt>Delivery reports</dt>
        <dd>
          <code className="webhook-url">{webhooks.status}</code>
        </dd>
        <dt>Inbound messages</dt>
        <dd>
          <code className="webhook-url">{webhooks.inbound}</code>
        </dd>
        <dt>Verified call</dt>
        <dd>
          {l.webhook_verified_at
            ? `Arrived ${formatTime(l.webhook_verified_at)}`
            : l.byoc
              ? 'None yet: this list sends once the first verified webhook arrives'
              : 'None yet'}
        </dd>
      </dl>
    </>
  )
}
