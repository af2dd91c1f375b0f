// Lists → New list (owners): the form, then the new list's page with its webhook URLs.
import { useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ListForm } from './ListForm'
import { LISTS_KEY } from './ListsPage'
import { createBodyOf, emptyList, type ListFormValues } from './listRules'

function create(v: ListFormValues) {
  return unwrap(api.POST('/api/v2/lists', { body: createBodyOf(v) }))
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
