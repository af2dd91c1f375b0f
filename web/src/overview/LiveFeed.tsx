// The latest clicks (human or bot, with the reason), conversions (network, payout), replies (classified, opt-outs
// marked), sends and deliveries; first from GET /live/feed, then pushed by the stream.
import { Link } from 'react-router-dom'
import { ErrorNote } from '../ui/ErrorNote'
import { formatValue } from '../ui/format'
import type { FeedData, LiveEvent } from './useLiveStream'

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' })

function describe(e: LiveEvent): { badge: string; tone: string; text: string } {
  switch (e.type) {
    case 'click':
      return e.human
        ? { badge: 'Click', tone: 'good', text: 'Human click' }
        : {
            badge: 'Bot',
            tone: 'warn',
            text: `Bot click: ${(e.bot_reason ?? 'unknown reason').replaceAll('_', ' ')}`,
          }
    case 'conversion':
      return {
        badge: 'Conversion',
        tone: 'money',
        text: `${e.network} · ${formatValue(e.payout, 'money')}${e.conversion_type === 'conversion' ? '' : ` (${e.conversion_type})`}`,
      }
    case 'reply':
      return {
        badge: e.opt_out ? 'Opt-out' : 'Reply',
        tone: e.opt_out ? 'bad' : 'info',
        text: `${e.kind.replaceAll('_', ' ')} from ${e.from}${e.text ? `: “${e.text}”` : ''}`,
      }
    case 'send':
      return {
        badge: 'Send',
        tone: 'info',
        text: e.count === 1 ? 'Message sent' : `${e.count} messages sent`,
      }
    default:
      return {
        badge: 'Delivery',
        tone: e.failed > 0 ? 'warn' : 'info',
        text: `${e.delivered} delivered${e.failed > 0 ? `, ${e.failed} failed` : ''}`,
      }
  }
}

export function LiveFeed({ feed }: { feed: { data?: FeedData; error: unknown } }) {
  return (
    <section className="feed" aria-labelledby="feed-title">
      <h2 id="feed-title">Live feed</h2>
      <ErrorNote error={feed.error} />
      {feed.data?.events.length === 0 && <p className="muted">Nothing yet today. New events appear here.</p>}
      <ol className="feed-list">
        {feed.data?.events.map((e) => {
          const { badge, tone, text } = describe(e)
          return (
            <li key={e.id} data-event-type={e.type}>
              <time dateTime={e.at}>{time.format(new Date(e.at))}</time>
              <span className={`badge ${tone}`}>{badge}</span>
              <span className="feed-text">{text}</span>
              {e.message_id && (
                <Link to={`/messages/${e.message_id}`} aria-label={`Message ${e.message_id}`}>
                  {e.message_id}
                </Link>
              )}
            </li>
          )
        })}
      </ol>
    </section>
  )
}
