// The bandit's counts (spec §10), pure: which context values are kept, and how a batch of events becomes the
// per-(creative, feature, value) deltas the processors add to creative_stats.
import { type ArmCounts, CONTEXT_FEATURES, type ContactContext } from './bandit.js'

/** Only the known features with a non-empty string value: what is stored and counted per context. */
export function cleanContext(context: Record<string, unknown> | null | undefined): ContactContext {
  const out: ContactContext = {}
  for (const f of CONTEXT_FEATURES) {
    const v = context?.[f]
    if (typeof v === 'string' && v !== '') out[f] = v.slice(0, 64)
  }
  return out
}

/** One event's contribution to its message's creative: counted globally and under each context value. */
export interface StatsItem {
  accountId: string
  creativeId: number
  context: ContactContext
  sends?: number
  clicks?: number
  conversions?: number
  revenue?: number
}

export interface StatsDelta extends ArmCounts {
  accountId: string
  creativeId: number
  /** '' with value '' is the creative's global row. */
  feature: string
  value: string
}

/**
 * Sums a batch's items per (account, creative, feature, value) — the global row plus one row per context feature
 * — sorted by key, so every transaction locks rows in one order and concurrent partitions cannot deadlock.
 */
export function statsDeltas(items: readonly StatsItem[]): StatsDelta[] {
  const byKey = new Map<string, StatsDelta>()
  const add = (i: StatsItem, feature: string, value: string) => {
    const key = JSON.stringify([i.accountId, i.creativeId, feature, value])
    const d = byKey.get(key) ?? {
      accountId: i.accountId,
      creativeId: i.creativeId,
      feature,
      value,
      sends: 0,
      clicks: 0,
      conversions: 0,
      revenue: 0,
    }
    d.sends += i.sends ?? 0
    d.clicks += i.clicks ?? 0
    d.conversions += i.conversions ?? 0
    d.revenue += i.revenue ?? 0
    byKey.set(key, d)
  }
  for (const i of items) {
    if (!(i.sends || i.clicks || i.conversions || i.revenue)) continue
    add(i, '', '')
    for (const [feature, value] of Object.entries(cleanContext(i.context))) add(i, feature, value)
  }
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)
  return [...byKey.values()].sort(
    (a, b) =>
      cmp(a.accountId, b.accountId) ||
      cmp(a.creativeId, b.creativeId) ||
      cmp(a.feature, b.feature) ||
      cmp(a.value, b.value),
  )
}
