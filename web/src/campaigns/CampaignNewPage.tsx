// Campaigns → New campaign (members and owners): the builder, its review, then the campaign is created switched on
// and its page says so.
import { useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { useLists } from '../contacts/useLists'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { emptyBuilder } from './builder/builderRules'
import { CampaignBuilder } from './builder/CampaignBuilder'
import './campaigns.css'

export default function CampaignNewPage() {
  const writer = useCan('member')
  const navigate = useNavigate()
  const client = useQueryClient()
  const lists = useLists()
  return (
    <section>
      <p>
        <Link to="/campaigns">← Campaigns</Link>
      </p>
      <h1>New campaign</h1>
      {!writer ? (
        <p>Viewers cannot create campaigns.</p>
      ) : lists.isPending ? (
        <Loading />
      ) : lists.error ? (
        <ErrorNote error={lists.error} />
      ) : (
        <CampaignBuilder
          initial={emptyBuilder(lists.data.lists[0]?.id ?? null)}
          submitLabel="Schedule campaign"
          onSubmit={(body) => unwrap(api.POST('/api/v2/schedules', { body: { ...body, status: 'on' } }))}
          onSaved={(id) => {
            void client.invalidateQueries({ queryKey: ['schedules'] })
            navigate(`/campaigns/${id}`, { state: { notice: 'Campaign scheduled.' } })
          }}
        />
      )}
    </section>
  )
}
