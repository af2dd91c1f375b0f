// One run of a campaign, live: its progress (refreshed while it runs) and its variants side by side.
import { useQuery } from '@tanstack/react-query'
import { Link, useParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { RunProgress } from './RunProgress'
import { VariantsTable } from './VariantsTable'

const RUN_REFRESH_MS = 3_000

export default function RunPage() {
  const { id = '', runId = '' } = useParams()
  const run = useQuery({
    queryKey: ['schedules', id, 'runs', runId],
    queryFn: () =>
      unwrap(api.GET('/api/v2/schedules/{id}/runs/{runId}', { params: { path: { id, runId } } })),
    refetchInterval: (q) => (q.state.data?.run.status === 'running' ? RUN_REFRESH_MS : false),
  })
  if (run.isPending) return <Loading />
  if (run.error) return <ErrorNote error={run.error} />
  return (
    <section>
      <p>
        <Link to={`/campaigns/${id}`}>← Campaign</Link>
      </p>
      <h1>Run for {run.data.run.occurrence}</h1>
      <RunProgress run={run.data.run} />
      <h2>Variants</h2>
      <VariantsTable variants={run.data.variants} />
    </section>
  )
}
