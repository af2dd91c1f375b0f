// Date ranges the pages offer, as [from, to) instants on the browser's calendar; kept in the page's URL.
export const PRESETS = [
  { id: 'today', name: 'Today', days: 1, back: 0 },
  { id: 'yesterday', name: 'Yesterday', days: 1, back: 1 },
  { id: '7d', name: 'Last 7 days', days: 7, back: 0 },
  { id: '30d', name: 'Last 30 days', days: 30, back: 0 },
  { id: '90d', name: 'Last 90 days', days: 90, back: 0 },
] as const

export type PresetId = (typeof PRESETS)[number]['id']

export interface Range {
  from: string
  to: string
}

const startOfDay = (date: Date, plusDays = 0): Date =>
  new Date(date.getFullYear(), date.getMonth(), date.getDate() + plusDays)

/** The preset's range ending at the end of today (yesterday's ends at today's start). */
export function presetRange(id: PresetId, now = new Date()): Range {
  const preset = PRESETS.find((p) => p.id === id) ?? PRESETS[0]
  const end = startOfDay(now, 1 - preset.back)
  return { from: startOfDay(end, -preset.days).toISOString(), to: end.toISOString() }
}

/** `from` and `to` (YYYY-MM-DD, both days included) as a range. */
export function dayRange(fromDay: string, toDay: string): Range | undefined {
  const parse = (day: string) => {
    const [y, m, d] = day.split('-').map(Number)
    return y && m && d ? new Date(y, m - 1, d) : undefined
  }
  const from = parse(fromDay)
  const to = parse(toDay)
  if (!from || !to || to < from) return undefined
  return { from: from.toISOString(), to: startOfDay(to, 1).toISOString() }
}

/** The range a page's search parameters name (`range`, or `from`/`to` days), today by default. */
export function rangeOf(params: URLSearchParams, fallback: PresetId = 'today'): Range {
  const from = params.get('from')
  const to = params.get('to')
  if (from && to) {
    const custom = dayRange(from, to)
    if (custom) return custom
  }
  const id = params.get('range')
  return presetRange(PRESETS.some((p) => p.id === id) ? (id as PresetId) : fallback)
}
