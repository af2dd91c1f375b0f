// The live overview: tiles for the range, the per-minute chart and the feed, all moved by the event stream.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../api/client'
import { useSession } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { RangePicker } from '../ui/RangePicker'
import { rangeOf } from '../ui/range'
import { useSearchUpdate } from '../ui/useSearchUpdate'
import { LiveFeed } from './LiveFeed'
import { MinuteChart } from './MinuteChart'
import { Tiles } from './Tiles'
import { type StreamState, useFeed, useLiveStream } from './useLiveStream'

const STATE_TEXT: Record<StreamState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
}

export default function OverviewPage() {
  const { data: session } = useSession()
  const feed = useFeed()
  const stream = useLiveStream(session?.current_account_id ?? '', feed.data)
  const [params] = useSearchUpdate()
  // Today is the account's day (its timezone), which the API applies when no range is given.
  const today = !params.has('from') && (params.get('range') ?? 'today') === 'today'
  const query = today ? {} : rangeOf(params, 'today')
  const overview = useQuery({
    queryKey: ['overview', query],
    queryFn: () => unwrap(api.GET('/api/v2/reports/overview', { params: { query } })),
    placeholderData: (previous) => previous,
  })
  return (
    <section>
      <div className="page-head">
        <h1>Overview</h1>
        <span className={`stream-state ${stream}`} role="status" data-stream={stream}>
          {STATE_TEXT[stream]}
        </span>
      </div>
      <div className="controls">
        <RangePicker fallback="today" />
      </div>
      <ErrorNote error={overview.error} />
      {overview.isPending ? <Loading /> : overview.data && <Tiles overview={overview.data} />}
      <MinuteChart />
      <LiveFeed feed={feed} />
    </section>
  )
}
