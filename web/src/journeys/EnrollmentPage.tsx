// One enrollment and the path it took: each step it ran, in order, with its outcome, the branch a condition took,
// when, and the message a send made. Steps are named by number, type and id as the journey has them now.
import { useQuery } from '@tanstack/react-query'
import { Link, useParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'
import { stepName } from './EnrollmentsTable'
import { type EnrollmentDetail, JOURNEYS_KEY, loadJourney } from './journeyApi'

type JourneyEvent = EnrollmentDetail['events'][number]

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** "Step 3 (Wait: later)" for a step index, with the id the journey gives it. */
function stepTitle(index: number, type: string, steps: readonly Record<string, unknown>[]): string {
  if (type === 'end') return 'End'
  const id = text(steps[index]?.id)
  return `Step ${index + 1} (${stepName(type)}${id ? `: ${id}` : ''})`
}

function detailOf(e: JourneyEvent): string {
  const d = e.detail
  if (text(d.until)) return `until ${formatTime(text(d.until))}`
  if (text(d.reason)) return (text(d.reason) ?? '').replaceAll('_', ' ')
  if (e.step_type === 'set_custom_field') return `${String(d.field)} = ${String(d.value)}`
  if (e.step_type === 'condition' && text(d.check)) return (text(d.check) ?? '').replaceAll('_', ' ')
  return ''
}

export default function EnrollmentPage() {
  const { id = '', enrollmentId = '' } = useParams()
  const journey = useQuery({ queryKey: [...JOURNEYS_KEY, id], queryFn: () => loadJourney(id) })
  const enrollment = useQuery({
    queryKey: [...JOURNEYS_KEY, id, 'enrollment', enrollmentId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v2/journeys/{id}/enrollments/{enrollment_id}', {
          params: { path: { id, enrollment_id: enrollmentId } },
        }),
      ),
  })
  const steps = (journey.data?.journey.steps ?? []) as Record<string, unknown>[]
  const e = enrollment.data?.enrollment
  return (
    <section>
      <p>
        <Link to={`/journeys/${id}`}>← {journey.data?.journey.name ?? 'Journey'}</Link>
      </p>
      <h1>Enrollment of {e?.phone_number ?? '…'}</h1>
      <ErrorNote error={enrollment.error ?? journey.error} />
      {enrollment.isPending && <Loading />}
      {e && (
        <>
          <dl className="facts">
            <dt>Contact</dt>
            <dd>
              <Link to={`/contacts/${e.contact_id}`}>{e.phone_number}</Link>
            </dd>
            <dt>Status</dt>
            <dd data-testid="enrollment-status">{e.status}</dd>
            <dt>Next step</dt>
            <dd>{e.current_step ? stepTitle(e.current_step.index, e.current_step.type, steps) : '—'}</dd>
            <dt>Next run</dt>
            <dd>{formatTime(e.next_run_at)}</dd>
            <dt>Enrolled</dt>
            <dd>{formatTime(e.enrolled_at)}</dd>
            <dt>Ended</dt>
            <dd>
              {e.ended_at ? `${formatTime(e.ended_at)} (${(e.end_reason ?? '').replaceAll('_', ' ')})` : '—'}
            </dd>
          </dl>
          <h2>Path</h2>
          {e.events.length === 0 && <p>No step has run yet.</p>}
          {e.events.length > 0 && (
            <TableScroll label="Path">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      #
                    </th>
                    <th scope="col">Step</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Branch taken</th>
                    <th scope="col">Detail</th>
                    <th scope="col">Time</th>
                    <th scope="col">Message</th>
                  </tr>
                </thead>
                <tbody>
                  {e.events.map((ev) => {
                    const branch = ev.detail.branch
                    const messageId = text(ev.detail.message_id)
                    return (
                      <tr key={ev.step_seq} data-step-type={ev.step_type}>
                        <td className="num">{ev.step_seq}</td>
                        <td>{stepTitle(ev.step_index, ev.step_type, steps)}</td>
                        <td>{ev.outcome}</td>
                        <td>
                          {typeof branch === 'number'
                            ? `→ ${stepTitle(branch, text(steps[branch]?.type) ?? 'step', steps)}`
                            : ''}
                        </td>
                        <td>{detailOf(ev)}</td>
                        <td>
                          <time dateTime={ev.at}>{formatTime(ev.at)}</time>
                        </td>
                        <td>
                          {messageId ? (
                            <Link to={`/messages/${messageId}`}>
                              Message
                              <span className="visually-hidden"> sent at step {ev.step_index + 1}</span>
                            </Link>
                          ) : (
                            ''
                          )}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
    </section>
  )
}
