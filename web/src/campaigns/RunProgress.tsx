// One run: targeted, excluded by reason, queued, deferred, sent, delivered, clicked and revenue.
import { Link } from 'react-router-dom'
import type { Reply } from '../api/types'
import { formatTime, formatValue } from '../ui/format'

type Run = Reply<'/api/v2/schedules/{id}/runs'>['runs'][number]

export function RunProgress({ run, link }: { run: Run; link?: string }) {
  const excluded = Object.entries(run.excluded).filter(([, n]) => n > 0)
  const sent = run.messages.sent + run.messages.delivered + run.messages.undelivered
  const done = run.queued === 0 ? 0 : (sent + run.messages.failed + run.messages.dropped) / run.queued
  const figures: Array<[string, string]> = [
    ['Targeted', formatValue(run.targeted, 'integer')],
    [
      'Excluded',
      formatValue(
        Object.values(run.excluded).reduce((a, b) => a + b, 0),
        'integer',
      ),
    ],
    ['Queued', formatValue(run.queued, 'integer')],
    ['Deferred (quiet hours)', formatValue(run.deferred, 'integer')],
    ['Sent', formatValue(sent, 'integer')],
    ['Delivered', formatValue(run.messages.delivered, 'integer')],
    ['Failed', formatValue(run.messages.failed + run.messages.undelivered, 'integer')],
    ['Clicked', formatValue(run.clicked, 'integer')],
    ['Revenue', formatValue(run.revenue, 'money')],
  ]
  return (
    <article className="run" aria-label={`Run for ${run.occurrence}`}>
      <h3>
        {run.occurrence} <span className={`status ${run.status}`}>{run.status}</span>
      </h3>
      {link && <Link to={link}>Open the run for {run.occurrence}: variants side by side</Link>}
      <p className="muted">
        Started {formatTime(run.started_at)}
        {run.finished_at ? `, finished ${formatTime(run.finished_at)}` : ''}; time zones {run.zones_done} of{' '}
        {run.zones_total}
      </p>
      <progress max={1} value={done} aria-label={`Run for ${run.occurrence}: messages handled`}>
        {formatValue(done, 'percent')}
      </progress>
      <dl className="figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {excluded.length > 0 && (
        <p>Excluded: {excluded.map(([reason, n]) => `${reason.replaceAll('_', ' ')} ${n}`).join(', ')}</p>
      )}
      {run.error && (
        <p className="error" role="alert">
          {run.error}
        </p>
      )}
    </article>
  )
}
