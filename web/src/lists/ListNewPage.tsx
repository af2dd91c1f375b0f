// Lists → New list (owners): the form, then the new list's page with its webhook URLs.
import { useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ListForm } from './ListForm'
import { LISTS_KEY } from './ListsPage'
import { credentialsOf, emptyList, type ListFormValues } from './listRules'

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim())

function create(v: ListFormValues) {
  const rate = optional(v.rate_per_minute)
  return unwrap(
    api.POST('/api/v2/lists', {
      body: {
        phone_number: v.phone_number.trim(),
        number_type: v.number_type,
        provider: v.provider,
        byoc: v.provider !== 'simulator' && v.byoc,
        brand_name: v.brand_name.trim(),
        list_name: optional(v.list_name),
        shortener_domain: optional(v.shortener_domain),
        click_domain: optional(v.click_domain),
        rate_per_minute: rate === undefined ? undefined : Number(rate),
        credentials: credentialsOf(v),
      },
    }),
  )
}

export default function ListNewPage() {
  const owner = useCan('owner')
  const navigate = useNavigate()
  const client = useQueryClient()
  return (
    <section>
      <p>
        <Link to="/lists">← Lists</Link>
      </p>
      <h1>New list</h1>
      {owner ? (
        <ListForm
          initial={emptyList()}
          submitLabel="Create list"
          onSubmit={create}
          onSaved={(reply) => {
            void client.invalidateQueries({ queryKey: LISTS_KEY })
            navigate(`/lists/${reply.list.id}`, { state: { created: true } })
          }}
        />
      ) : (
        <p>Only owners create lists.</p>
      )}
    </section>
  )
}
