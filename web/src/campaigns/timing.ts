// A schedule's timing in words: "2026-03-01 at 10:00" or "Mon, Wed 10:00, 2026-03-01 – 2026-03-31".
import type { Reply } from '../api/types'

export type Schedule = Reply<'/api/v2/schedules'>['schedules'][number]

const SHORT: Record<string, string> = {
  monday: 'Mon',
  tuesday: 'Tue',
  wednesday: 'Wed',
  thursday: 'Thu',
  friday: 'Fri',
  saturday: 'Sat',
  sunday: 'Sun',
}

export function timingOf(s: Schedule): string {
  const at = `${s.send_time}${s.use_local_time ? ' (recipient’s time)' : ''}`
  if (!s.is_repeating) return `${s.send_date ?? '—'} at ${at}`
  const days = Object.entries(s.days_of_week ?? {})
    .filter(([, on]) => on)
    .map(([day]) => SHORT[day] ?? day)
    .join(', ')
  return `${days || 'No days'} at ${at}, ${s.start_date ?? '—'} – ${s.end_date ?? '—'}`
}
