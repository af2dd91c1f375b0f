// One contact: what the account knows of the number (and whether it is blocked account-wide), its subscription on each list (members and owners can
// unsubscribe it there), its custom fields per list, its consent evidence (with the CSV a complaint needs), and its
// latest messages and replies.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button } from 'react-aria-components'
import { useParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import type { Reply } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime, formatValue } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'
import { BlockBadge, BlockControl } from './BlockControl'
import { ConsentSection } from './ConsentSection'
import { ContactActivity } from './ContactActivity'
import { CustomFields } from './CustomFields'

type Contact = Reply<'/api/v2/contacts/{id}'>['contact']
export type Subscription = Contact['subscriptions'][number]

export default function ContactPage() {
  const id = useParams().id ?? ''
  const contact = useQuery({
    queryKey: ['contact', id],
    queryFn: () => unwrap(api.GET('/api/v2/contacts/{id}', { params: { path: { id } } })),
  })
  if (contact.isPending) return <Loading />
  if (contact.error)
    return (
      <section>
        <h1>Contact</h1>
        <ErrorNote error={contact.error} />
      </section>
    )
  const c = contact.data.contact
  const name = c.subscriptions.map((s) => [s.first_name, s.last_name].filter(Boolean).join(' ')).find(Boolean)
  return (
    <section>
      <h1>
        Contact {c.phone_number} <BlockBadge blockedAt={c.blocked_at} />
      </h1>
      <dl className="facts">
        {name && (
          <>
            <dt>Name</dt>
            <dd>{name}</dd>
          </>
        )}
        <dt>Carrier</dt>
        <dd>{c.carrier ?? '—'}</dd>
        <dt>Line type</dt>
        <dd>{c.line_type ?? '—'}</dd>
        <dt>Timezone</dt>
        <dd>
          {c.timezone ?? '—'}
          {c.state ? ` (${c.state})` : ''}
        </dd>
        <dt>Valid</dt>
        <dd>{c.is_valid ? 'Yes' : 'No'}</dd>
        <dt>First seen</dt>
        <dd>{formatTime(c.created_at)}</dd>
        <dt>Blocked</dt>
        <dd>{c.blocked_at ? `Since ${formatTime(c.blocked_at)}` : 'No'}</dd>
      </dl>
      <BlockControl contactId={c.contact_id} phoneNumber={c.phone_number} blocked={c.blocked} />
      <h2>Subscriptions</h2>
      <Subscriptions contactId={c.contact_id} phoneNumber={c.phone_number} subscriptions={c.subscriptions} />
      <h2>Custom fields</h2>
      {c.subscriptions.map((s) => (
        <CustomFields key={s.list_contact_id} contactId={c.contact_id} subscription={s} />
      ))}
      <ConsentSection contactId={c.contact_id} />
      <ContactActivity contactId={c.contact_id} />
    </section>
  )
}

function Subscriptions({
  contactId,
  phoneNumber,
  subscriptions,
}: {
  contactId: string
  phoneNumber: string
  subscriptions: Subscription[]
}) {
  const canWrite = useCan('member')
  const client = useQueryClient()
  const unsubscribe = useMutation({
    mutationFn: (listNumber: string) =>
      unwrap(
        api.DELETE('/api/v2/contacts', { body: { phone_number: phoneNumber, list_number: listNumber } }),
      ),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['contact', contactId] })
      client.invalidateQueries({ queryKey: ['consent', contactId] })
      client.invalidateQueries({ queryKey: ['contacts'] })
    },
  })
  return (
    <>
      <TableScroll label="Subscriptions">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">List</th>
              <th scope="col">Status</th>
              <th scope="col">Signed up</th>
              <th scope="col">Method</th>
              <th scope="col">Unsubscribed</th>
              <th scope="col" className="num">
                Sends
              </th>
              <th scope="col" className="num">
                Clicks
              </th>
              <th scope="col" className="num">
                Conversions
              </th>
              <th scope="col" className="num">
                Revenue
              </th>
              <th scope="col">Last sent</th>
              {canWrite && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {subscriptions.length === 0 && (
              <tr>
                <td colSpan={canWrite ? 11 : 10}>On no list.</td>
              </tr>
            )}
            {subscriptions.map((s) => (
              <tr key={s.list_contact_id}>
                <td>{s.list_number}</td>
                <td>
                  <span className={`badge ${s.active ? 'info' : 'bad'}`}>
                    {s.active ? 'subscribed' : 'unsubscribed'}
                  </span>
                </td>
                <td>{formatTime(s.signup_date)}</td>
                <td>{s.signup_method}</td>
                <td>
                  {s.active ? '—' : `${formatTime(s.unsubscribed_at)} (${s.unsubscribe_reason ?? 'unknown'})`}
                </td>
                <td className="num">{formatValue(s.send_count, 'integer')}</td>
                <td className="num">{formatValue(s.click_count, 'integer')}</td>
                <td className="num">{formatValue(s.conversion_count, 'integer')}</td>
                <td className="num">{formatValue(s.revenue_total, 'money')}</td>
                <td>{formatTime(s.last_sent_at)}</td>
                {canWrite && (
                  <td>
                    {s.active && (
                      <Button
                        data-write=""
                        isDisabled={unsubscribe.isPending}
                        onPress={() => unsubscribe.mutate(s.list_number)}
                        aria-label={`Unsubscribe from ${s.list_number}`}
                      >
                        Unsubscribe
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ErrorNote error={unsubscribe.error} />
    </>
  )
}
