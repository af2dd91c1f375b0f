// A message's lifecycle as the API tells it, oldest first: queued, sent or dropped (with the reason), each
// delivery receipt, clicks (bots marked, the first human click noted), conversions (credited or not), replies.
import type { Reply } from '../api/types'
import { formatTime, formatValue } from '../ui/format'

export type Step = Reply<'/api/v2/messages/{id}'>['timeline'][number]

function describe(step: Step): { title: string; detail: string; tone: string } {
  switch (step.type) {
    case 'queued':
      return { title: 'Queued', detail: '', tone: 'info' }
    case 'sent':
      return { title: 'Sent', detail: `through ${step.provider}`, tone: 'info' }
    case 'dropped':
      return {
        title: step.status === 'orphaned' ? 'Orphaned' : 'Dropped',
        detail: step.reason ?? '',
        tone: 'bad',
      }
    case 'delivery': {
      const reason = [step.status_detail, step.error_code].filter(Boolean).join(', ')
      return {
        title: `Receipt: ${step.status}`,
        detail: reason,
        tone: step.status === 'delivered' ? 'good' : step.status === 'sent' ? 'info' : 'bad',
      }
    }
    case 'click':
      return step.human
        ? {
            title: step.first ? 'First human click' : 'Human click',
            detail: step.country ?? '',
            tone: 'good',
          }
        : { title: 'Bot click', detail: (step.bot_reason ?? '').replaceAll('_', ' '), tone: 'warn' }
    case 'conversion':
      return {
        title: step.credited ? 'Conversion' : 'Conversion (not credited)',
        detail: `${step.network} · ${formatValue(step.payout, 'money')} · ${step.conversion_type}`,
        tone: step.credited ? 'money' : 'warn',
      }
    case 'reply':
      return {
        title: step.opt_out ? 'Reply: opt-out' : `Reply: ${step.kind.replaceAll('_', ' ')}`,
        detail: `“${step.text}”`,
        tone: step.opt_out ? 'bad' : 'info',
      }
  }
}

export function Timeline({ steps }: { steps: Step[] }) {
  return (
    <ol className="timeline">
      {steps.map((step, i) => {
        const { title, detail, tone } = describe(step)
        return (
          // Steps have no id of their own; their order never changes.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={i} data-step={step.type}>
            <time dateTime={step.at}>{formatTime(step.at)}</time>{' '}
            <span className={`badge ${tone}`}>{title}</span>
            {detail && <span className="muted"> {detail}</span>}
          </li>
        )
      })}
    </ol>
  )
}
