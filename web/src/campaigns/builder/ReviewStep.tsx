// The builder's review: the API's estimate for the body as it stands (audience, each variant's recipients and
// segments, the automated share, total segments and cost), then Back to edit or the final action.
import { useEffect, useRef } from 'react'
import { Button } from 'react-aria-components'
import type { Reply } from '../../api/types'
import { ErrorNote } from '../../ui/ErrorNote'
import { formatValue } from '../../ui/format'
import { TableScroll } from '../../ui/TableScroll'
import { formatCost } from './builderRules'

export type ScheduleEstimate = Reply<'/api/v2/schedules/estimate', 'post'>

interface Props {
  estimate: ScheduleEstimate
  submitLabel: string
  isSubmitting: boolean
  error: unknown
  onBack(): void
  onSubmit(): void
}

export function ReviewStep({ estimate, submitLabel, isSubmitting, error, onBack, onSubmit }: Props) {
  const e = estimate
  // The form is replaced by the review: move focus to its heading so keyboard and screen-reader users follow.
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading" ref={heading} tabIndex={-1}>
        Review
      </h2>
      <dl className="facts">
        <dt>Audience</dt>
        <dd>
          <span data-testid="review-audience">{formatValue(e.audience, 'integer')}</span> contacts
        </dd>
        <dt>Left out if it ran now</dt>
        <dd data-testid="review-excluded">
          {formatValue(e.excluded.invalid, 'integer')} invalid numbers,{' '}
          {formatValue(e.excluded.in_workflow, 'integer')} in a journey,{' '}
          {formatValue(e.excluded.frequency_cap, 'integer')} messaged within the frequency cap
        </dd>
        <dt>Estimated recipients</dt>
        <dd>
          <span data-testid="review-recipients">{formatValue(e.recipients, 'integer')}</span> contacts
        </dd>
        <dt>Segments</dt>
        <dd data-testid="review-segments">{formatValue(e.segments, 'integer')}</dd>
        <dt>Estimated cost</dt>
        <dd data-testid="review-cost">{formatCost(e.cost_usd)}</dd>
      </dl>
      <p className="muted">
        The audience counts subscribed contacts whose numbers are not blocked. Who is left out is decided
        again for each contact when the campaign sends; quiet hours delay messages, they do not drop them.
      </p>
      <TableScroll label="Estimate per variant">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col" className="num">
                Share
              </th>
              <th scope="col" className="num">
                Recipients
              </th>
              <th scope="col" className="num">
                Characters
              </th>
              <th scope="col">Encoding</th>
              <th scope="col" className="num">
                Segments each
              </th>
              <th scope="col" className="num">
                Segments
              </th>
            </tr>
          </thead>
          <tbody>
            {e.variants.map((v) => (
              <tr key={v.name}>
                <th scope="row">{v.name}</th>
                <td className="num">{v.percent}%</td>
                <td className="num">{formatValue(v.recipients, 'integer')}</td>
                <td className="num">{formatValue(v.character_count, 'integer')}</td>
                <td>{v.encoding}</td>
                <td className="num">{v.segment_count}</td>
                <td className="num">{formatValue(v.segments, 'integer')}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Automated (ML)</th>
              <td className="num">{e.automated.percent}%</td>
              <td className="num">{formatValue(e.automated.recipients, 'integer')}</td>
              <td className="num">—</td>
              <td>
                {e.automated.creatives === 0
                  ? 'No automated creative'
                  : `${e.automated.creatives} creative${e.automated.creatives === 1 ? '' : 's'}`}
              </td>
              <td className="num">{e.automated.segment_count || '—'}</td>
              <td className="num">{formatValue(e.automated.segments, 'integer')}</td>
            </tr>
          </tbody>
        </table>
      </TableScroll>
      <ErrorNote error={error} />
      <div className="form-actions">
        <Button onPress={onBack}>Back to edit</Button>
        <Button className="primary" data-write="" onPress={onSubmit} isDisabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </section>
  )
}
