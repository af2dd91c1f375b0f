// A campaign's Edit (members and owners): the builder filled with the stored schedule, its review, then the whole
// document saved (its status kept: pausing and resuming are the campaign page's).
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { valuesOf } from './builder/builderRules'
import { CampaignBuilder } from './builder/CampaignBuilder'
import './campaigns.css'

export default function CampaignEditPage() {
  const id = useParams().id ?? ''
  const writer = useCan('member')
  const navigate = useNavigate()
  const client = useQueryClient()
  const schedule = useQuery({
    queryKey: ['schedules', id],
    queryFn: () => unwrap(api.GET('/api/v2/schedules/{id}', { params: { path: { id } } })),
  })
  if (schedule.isPending) return <Loading />
  if (schedule.error) return <ErrorNote error={schedule.error} />
  const s = schedule.data.schedule
  const editable = s.status !== 'complete' && s.status !== 'archive'
  return (
    <section>
      <p>
        <Link to={`/campaigns/${s.id}`}>← {s.name}</Link>
      </p>
      <h1>Edit {s.name}</h1>
      {!writer ? (
        <p>Viewers cannot change campaigns.</p>
      ) : !editable ? (
        <p>This campaign is {s.status === 'complete' ? 'complete' : 'archived'} and can no longer change.</p>
      ) : (
        <CampaignBuilder
          key={s.updated_at}
          initial={valuesOf(s)}
          submitLabel="Save campaign"
          onSubmit={(body) =>
            unwrap(api.PUT('/api/v2/schedules/{id}', { params: { path: { id: s.id } }, body }))
          }
          onSaved={() => {
            void client.invalidateQueries({ queryKey: ['schedules'] })
            navigate(`/campaigns/${s.id}`, { state: { notice: 'Campaign saved.' } })
          }}
        />
      )}
    </section>
  )
}
