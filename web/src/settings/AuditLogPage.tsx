// Settings → Audit log (owners): who changed what, when — team, keys, settings — newest first, a page at a time.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import type { Reply } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { Pager } from '../ui/Pager'
import { TableScroll } from '../ui/TableScroll'
import { useSearchUpdate } from '../ui/useSearchUpdate'
import { SettingsNav } from './SettingsNav'

const PER_PAGE = 50
type Entry = Reply<'/api/v2/audit-log'>['entries'][number]

const show = (value: unknown) => (typeof value === 'string' ? `“${value}”` : JSON.stringify(value))

/** A settings change as "field: before → after"; any other detail as its JSON. */
function describe(details: Entry['details']): string {
  const changes = details.changes
  if (changes && typeof changes === 'object') {
    return Object.entries(changes as Record<string, { from: unknown; to: unknown }>)
      .map(([field, c]) => `${field.replaceAll('_', ' ')}: ${show(c.from)} → ${show(c.to)}`)
      .join('; ')
  }
  return Object.keys(details).length === 0 ? '' : JSON.stringify(details)
}

export default function AuditLogPage() {
  const owner = useCan('owner')
  return (
    <section>
      <h1>Audit log</h1>
      <SettingsNav />
      {owner ? <Entries /> : <p>Only owners see the audit log.</p>}
    </section>
  )
}

function Entries() {
  const [params, set] = useSearchUpdate()
  const page = Math.max(1, Number(params.get('page')) || 1)
  const query = { page, per_page: PER_PAGE }
  const log = useQuery({
    queryKey: ['audit-log', query],
    queryFn: () => unwrap(api.GET('/api/v2/audit-log', { params: { query } })),
    placeholderData: (previous) => previous,
  })
  const pages = Math.max(1, log.data?.pagination.total_pages ?? 1)
  return (
    <>
      <ErrorNote error={log.error} />
      {log.isPending && <Loading />}
      {log.data && (
        <>
          <TableScroll label="Audit log">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {log.data.entries.length === 0 && (
                  <tr>
                    <td colSpan={5}>Nothing recorded yet.</td>
                  </tr>
                )}
                {log.data.entries.map((e) => (
                  <tr key={e.id}>
                    <td>{formatTime(e.at)}</td>
                    <td>
                      {e.actor}
                      {e.actor_type === 'key' && <span className="muted"> (API key)</span>}
                    </td>
                    <td>{e.action}</td>
                    <td>{e.target ?? '—'}</td>
                    <td className="message-body">{describe(e.details)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pager page={page} pages={pages} go={(n) => set({ page: String(n) })} />
        </>
      )}
    </>
  )
}
