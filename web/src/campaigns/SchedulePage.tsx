// One campaign: its timing, its variants (blasts) and each run's progress, refreshed while a run is going; a run's
// own page puts its variants side by side with their credible intervals.
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useLocation, useNavigate, useParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime, formatValue } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'
import { RunProgress } from './RunProgress'
import { ScheduleActions } from './ScheduleActions'
import { timingOf } from './timing'

const RUN_REFRESH_MS = 3_000

export default function SchedulePage() {
  const id = useParams().id ?? ''
  const canWrite = useCan('member')
  // "Campaign scheduled." after the builder, "Campaign paused." after Pause …: one status line at a time.
  // The note arrives in the history entry's state, which is then cleared so a reload does not say it again.
  const location = useLocation()
  const navigate = useNavigate()
  const arrived = (location.state as { notice?: string } | null)?.notice
  const [notice, setNotice] = useState(arrived)
  useEffect(() => {
    if (!arrived) return
    setNotice(arrived)
    navigate(location.pathname, { replace: true, state: null })
  }, [arrived, navigate, location.pathname])
  const schedule = useQuery({
    queryKey: ['schedules', id],
    queryFn: () => unwrap(api.GET('/api/v2/schedules/{id}', { params: { path: { id } } })),
  })
  const runs = useQuery({
    queryKey: ['schedules', id, 'runs'],
    queryFn: () => unwrap(api.GET('/api/v2/schedules/{id}/runs', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === 'running') ? RUN_REFRESH_MS : false),
  })
  if (schedule.isPending) return <Loading />
  if (schedule.error) return <ErrorNote error={schedule.error} />
  const s = schedule.data.schedule
  const sentPerVariant = runs.data?.runs.reduce<Record<string, number>>((acc, r) => {
    for (const [k, n] of Object.entries(r.variants)) acc[k] = (acc[k] ?? 0) + n
    return acc
  }, {})
  return (
    <section>
      <h1>{s.name}</h1>
      {notice && <p role="status">{notice}</p>}
      {canWrite && <ScheduleActions schedule={s} onNotice={setNotice} />}
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`status ${s.status}`}>{s.status}</span>
        </dd>
        <dt>When</dt>
        <dd>{timingOf(s)}</dd>
        <dt>Next run</dt>
        <dd>{s.next_run_at ? formatTime(s.next_run_at) : 'None scheduled'}</dd>
        <dt>From</dt>
        <dd>{s.list_number ?? '—'}</dd>
        <dt>ML selection</dt>
        <dd>{formatValue(s.automated_percent / 100, 'percent')} of the audience</dd>
      </dl>

      <h2>Variants</h2>
      <TableScroll label="Variants of the campaign">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Message</th>
              <th scope="col" className="num">
                Share
              </th>
              <th scope="col" className="num">
                Messages so far
              </th>
            </tr>
          </thead>
          <tbody>
            {s.blasts.map((b, i) => {
              // The run counts a variant under its name, or variant_<position> without one.
              const name = b.variant_name ?? `variant_${i + 1}`
              return (
                <tr key={b.id}>
                  <th scope="row">{name}</th>
                  <td className="message-body">{b.message}</td>
                  <td className="num">{b.percent_audience}%</td>
                  <td className="num">{formatValue(sentPerVariant?.[name] ?? 0, 'integer')}</td>
                </tr>
              )
            })}
            {(['ml', 'control'] as const)
              .filter((k) => sentPerVariant?.[k])
              .map((k) => (
                <tr key={k}>
                  <th scope="row">{k === 'ml' ? 'ML selection' : 'Control'}</th>
                  <td className="muted">
                    {k === 'ml' ? 'Creative chosen per contact' : 'Creative chosen at random'}
                  </td>
                  <td className="num">—</td>
                  <td className="num">{formatValue(sentPerVariant?.[k] ?? 0, 'integer')}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </TableScroll>

      <h2>Runs</h2>
      <ErrorNote error={runs.error} />
      {runs.data?.runs.length === 0 && <p className="muted">No run yet.</p>}
      {runs.data?.runs.map((run) => (
        <RunProgress key={run.id} run={run} link={`/campaigns/${s.id}/runs/${run.id}`} />
      ))}
    </section>
  )
}
