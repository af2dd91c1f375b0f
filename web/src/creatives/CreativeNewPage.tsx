// Creatives → New creative (members and owners): the editor, then the new creative's page.
import { useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { CreativeForm } from './CreativeForm'
import { CREATIVES_KEY } from './CreativesPage'
import { bodyOf, emptyCreative } from './creativeRules'
import { withUrlParams } from './linkParams'

export default function CreativeNewPage() {
  const writer = useCan('member')
  const navigate = useNavigate()
  const client = useQueryClient()
  return (
    <section>
      <p>
        <Link to="/creatives">← Creatives</Link>
      </p>
      <h1>New creative</h1>
      {writer ? (
        <CreativeForm
          initial={emptyCreative()}
          submitLabel="Create creative"
          onSubmit={(v, params) =>
            unwrap(api.POST('/api/v2/creatives', { body: withUrlParams(bodyOf(v), params) }))
          }
          onSaved={(reply) => {
            void client.invalidateQueries({ queryKey: CREATIVES_KEY })
            navigate(`/creatives/${reply.creative.id}`, { state: { created: true } })
          }}
        />
      ) : (
        <p>Viewers cannot create creatives.</p>
      )}
    </section>
  )
}
