// Contacts: every subscription of the account's contacts, newest signup first; search by number, name, email or
// custom field, filter by list and status, and open a contact. Members and owners also find the CSV import here.
import { useQuery } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { Link } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime, formatValue } from '../ui/format'
import { Loading } from '../ui/Loading'
import { Pager } from '../ui/Pager'
import { SelectField } from '../ui/SelectField'
import { TableScroll } from '../ui/TableScroll'
import { TextInput } from '../ui/TextInput'
import { useSearchUpdate } from '../ui/useSearchUpdate'
import { useLists } from './useLists'

const PER_PAGE = 50
const STATUSES = [
  { id: 'all', name: 'All' },
  { id: 'true', name: 'Subscribed' },
  { id: 'false', name: 'Unsubscribed' },
] as const
type Status = (typeof STATUSES)[number]['id']

export default function ContactsPage() {
  const [params, set] = useSearchUpdate()
  const canWrite = useCan('member')
  const lists = useLists()
  const list = params.get('list') ?? 'all'
  const status: Status = STATUSES.find((s) => s.id === params.get('active'))?.id ?? 'all'
  const search = params.get('search') ?? ''
  const field = params.get('field') ?? ''
  const page = Math.max(1, Number(params.get('page')) || 1)
  const [searchText, setSearchText] = useState(search)
  const [fieldText, setFieldText] = useState(field)
  const query = {
    ...(list === 'all' ? {} : { list_number: list }),
    ...(status === 'all' ? {} : { active: status }),
    ...(search ? { search } : {}),
    ...(search && field ? { field } : {}),
    page,
    per_page: PER_PAGE,
  }
  const contacts = useQuery({
    queryKey: ['contacts', query],
    queryFn: () => unwrap(api.GET('/api/v2/contacts', { params: { query } })),
    placeholderData: (previous) => previous,
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    set({ search: searchText.trim() || null, field: fieldText.trim() || null, page: null })
  }
  const listOptions = [
    { id: 'all', name: 'All lists' },
    ...(lists.data?.lists ?? []).map((l) => ({
      id: l.phone_number,
      name: `${l.list_name} (${l.phone_number})`,
    })),
  ]
  const pages = Math.max(1, contacts.data?.pagination.total_pages ?? 1)
  return (
    <section>
      <div className="page-head">
        <h1>Contacts</h1>
        {canWrite && (
          <Link className="button" to="/contacts/import" data-write="">
            Import contacts
          </Link>
        )}
      </div>
      <Form className="controls" onSubmit={submit} role="search" aria-label="Contacts">
        <TextInput
          label="Search"
          description="A number (any part of it), a name, an email or a custom field value"
          value={searchText}
          onChange={setSearchText}
          type="search"
        />
        <TextInput
          label="Only in custom field"
          description="Optional: a custom field name"
          value={fieldText}
          onChange={setFieldText}
        />
        <Button type="submit">Search</Button>
      </Form>
      <div className="controls">
        <SelectField
          label="List"
          value={list}
          options={listOptions}
          onChange={(l) => set({ list: l === 'all' ? null : l, page: null })}
        />
        <SelectField
          label="Status"
          value={status}
          options={STATUSES}
          onChange={(s) => set({ active: s === 'all' ? null : s, page: null })}
        />
      </div>
      <ErrorNote error={contacts.error} />
      {contacts.isPending && <Loading />}
      {contacts.data && (
        <>
          <p role="status">
            {formatValue(contacts.data.pagination.total, 'integer')}{' '}
            {contacts.data.pagination.total === 1 ? 'subscription' : 'subscriptions'}
          </p>
          <TableScroll label="Contacts">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">List</th>
                  <th scope="col">Status</th>
                  <th scope="col">Signed up</th>
                  <th scope="col">Method</th>
                  <th scope="col" className="num">
                    Sends
                  </th>
                  <th scope="col" className="num">
                    Clicks
                  </th>
                  <th scope="col" className="num">
                    Revenue
                  </th>
                </tr>
              </thead>
              <tbody>
                {contacts.data.contacts.length === 0 && (
                  <tr>
                    <td colSpan={8}>No contacts match.</td>
                  </tr>
                )}
                {contacts.data.contacts.map((c) => (
                  <tr key={c.list_contact_id}>
                    <td>
                      <Link to={`/contacts/${c.contact_id}`}>{c.phone_number}</Link>
                    </td>
                    <td>{c.list_number}</td>
                    <td>
                      <span className={`badge ${c.active ? 'info' : 'bad'}`}>
                        {c.active ? 'subscribed' : 'unsubscribed'}
                      </span>
                    </td>
                    <td>{formatTime(c.signup_date)}</td>
                    <td>{c.signup_method}</td>
                    <td className="num">{formatValue(c.send_count, 'integer')}</td>
                    <td className="num">{formatValue(c.click_count, 'integer')}</td>
                    <td className="num">{formatValue(c.revenue_total, 'money')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pager
            page={page}
            pages={pages}
            go={(n) => set({ page: String(n) })}
            labels={['Previous', 'Next']}
          />
        </>
      )}
    </section>
  )
}
