// The keys a date or hour grouping has over a range (UTC days, UTC hours, as the API names its groups), so a
// chart shows the days or hours without events as zero rather than leaving them out.
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** Beyond this many buckets a chart shows only the groups the report has. */
const MAX_BUCKETS = 24 * 31

export function timeKeys(groupBy: 'date' | 'hour', from: string, to: string): string[] | undefined {
  const step = groupBy === 'date' ? DAY_MS : HOUR_MS
  const start = Math.floor(Date.parse(from) / step) * step
  const end = Date.parse(to)
  if (!Number.isFinite(start) || !Number.isFinite(end) || (end - start) / step > MAX_BUCKETS) return undefined
  const keys: string[] = []
  for (let at = start; at < end; at += step) {
    const iso = new Date(at).toISOString()
    keys.push(groupBy === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00:00Z`)
  }
  return keys
}
