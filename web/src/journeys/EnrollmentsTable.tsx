// A journey's enrollments, newest first, a page at a time (page and status filter in the address): the contact,
// status, the step that runs next, when it enrolled and how it ended. Each links to the path it took. Read again
// every 15 s while shown, so contacts entering the journey appear without a reload.
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { Pager } from '../ui/Pager'
import { TableScroll } from '../ui/TableScroll'
import { useSearchUpdate } from '../ui/useSearchUpdate'
import { JOURNEYS_KEY } from './journeyApi'
import { STEP_NAMES, type StepType } from './model'

const PER_PAGE = 25
const STATUSES = ['active', 'completed', 'exited', 'stopped'] as const
type EnrollmentStatus = (typeof STATUSES)[number]
const statusOf = (value: string | null): EnrollmentStatus | undefined => STATUSES.find((s) => s === value)

export const stepName = (type: string): string => STEP_NAMES[type as StepType] ?? type

export function EnrollmentsTable({ journeyId }: { journeyId: string }) {
  const [search, update] = useSearchUpdate()
  const page = Math.max(1, Number(search.get('page')) || 1)
  const status = statusOf(search.get('status'))
  const enrollments = useQuery({
    queryKey: [...JOURNEYS_KEY, journeyId, 'enrollments', page, status],
    queryFn: () =>
      unwrap(
        api.GET('/api/v2/journeys/{id}/enrollments', {
          params: {
            path: { id: journeyId },
            query: { page, per_page: PER_PAGE, ...(status ? { status } : {}) },
          },
        }),
      ),
    placeholderData: (previous) => previous,
    refetchInterval: 15_000,
  })
  const rows = enrollments.data?.enrollments ?? []
  const pages = Math.max(1, enrollments.data?.pagination.total_pages ?? 1)
  return (
    <section aria-labelledby="enrollments-heading">
      <h2 id="enrollments-heading">Enrollments</h2>
      <label className="field">
        <span>Status</span>
        <select value={status ?? ''} onChange={(e) => update({ status: e.target.value || null, page: null })}>
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <ErrorNote error={enrollments.error} />
      {enrollments.isPending && <Loading />}
      {enrollments.data && rows.length === 0 && (
        <p>{status ? `No enrollment is ${status}.` : 'No contact has entered this journey yet.'}</p>
      )}
      {rows.length > 0 && (
        <TableScroll label="Enrollments">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Status</th>
                <th scope="col">Current step</th>
                <th scope="col">Enrolled</th>
                <th scope="col">Ended</th>
                <th scope="col">Path</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/contacts/${e.contact_id}`}>{e.phone_number}</Link>
                  </td>
                  <td>{e.status}</td>
                  <td>
                    {e.current_step
                      ? `Step ${e.current_step.index + 1} (${stepName(e.current_step.type)}${e.current_step.id ? `: ${e.current_step.id}` : ''})`
                      : '—'}
                  </td>
                  <td>{formatTime(e.enrolled_at)}</td>
                  <td>
                    {e.ended_at
                      ? `${formatTime(e.ended_at)} (${(e.end_reason ?? '').replaceAll('_', ' ')})`
                      : '—'}
                  </td>
                  <td>
                    <Link to={`/journeys/${journeyId}/enrollments/${e.id}`}>
                      Path<span className="visually-hidden"> of {e.phone_number}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {pages > 1 && <Pager page={page} pages={pages} go={(n) => update({ page: String(n) })} />}
    </section>
  )
}
