// A campaign run's variants side by side (issue 14): per blast variant, and per creative of the ML and control
// shares, the run's own counts with credible intervals of its click and conversion rates, and — for automated
// creatives — the selector's posterior over all their sends (what the bandit believes when it picks).
import type pg from 'pg'
import { posteriorSummary } from '../core/bandit.js'
import type { RunVariantView } from '../core/views/schedules.js'
import { creativePosteriors } from './bandit.js'

interface Row {
  variant: string | null
  creative_id: number | null
  creative_name: string | null
  messages: number
  sent: number
  delivered: number
  clicked: number
  conversions: number
  revenue: string
}

/** The variants of run `runId` of the schedule (the account's), in the order blast, ml, control; [] when none. */
export async function runVariants(
  pool: pg.Pool,
  accountId: string,
  scheduleId: string,
  runId: string,
): Promise<RunVariantView[]> {
  const { rows } = await pool.query<Row>(
    `WITH run AS (
       SELECT schedule_id, occurrence FROM schedule_runs WHERE account_id = $1 AND schedule_id = $2 AND id = $3
     ), ledger AS (
       SELECT l.message_id, count(*) FILTER (WHERE l.amount >= 0)::int AS conversions, sum(l.amount) AS revenue
         FROM conversion_ledger l JOIN messages m ON m.id = l.message_id JOIN run r
           ON m.schedule_id = r.schedule_id AND m.schedule_occurrence = r.occurrence
        WHERE l.account_id = $1
        GROUP BY l.message_id
     )
     SELECT m.variant, m.creative_id, c.name AS creative_name,
            count(*)::int AS messages,
            count(*) FILTER (WHERE m.sent_at IS NOT NULL)::int AS sent,
            count(*) FILTER (WHERE m.status = 'delivered')::int AS delivered,
            count(mc.message_id)::int AS clicked,
            COALESCE(sum(l.conversions), 0)::int AS conversions,
            COALESCE(sum(l.revenue), 0) AS revenue
       FROM messages m
       JOIN run r ON m.schedule_id = r.schedule_id AND m.schedule_occurrence = r.occurrence
       LEFT JOIN message_clicks mc ON mc.message_id = m.id
       LEFT JOIN ledger l ON l.message_id = m.id
       LEFT JOIN creatives c ON c.account_id = m.account_id AND c.id = m.creative_id
      WHERE m.account_id = $1
      GROUP BY m.variant, m.creative_id, c.name
      ORDER BY CASE m.variant WHEN 'ml' THEN 1 WHEN 'control' THEN 2 ELSE 0 END, m.variant, m.creative_id`,
    [accountId, scheduleId, runId],
  )
  const posteriors = new Map((await creativePosteriors(pool, accountId)).map((p) => [p.creative_id, p]))
  return rows.map((r) => {
    const revenue = Number(r.revenue)
    const own = posteriorSummary(
      { sends: r.sent, clicks: r.clicked, conversions: r.conversions, revenue },
      0,
      'cpa',
    )
    const ml = r.creative_id === null ? undefined : posteriors.get(r.creative_id)
    return {
      variant: r.variant ?? '',
      creative_id: r.creative_id,
      creative_name: r.creative_name,
      messages: r.messages,
      sent: r.sent,
      delivered: r.delivered,
      clicked: r.clicked,
      conversions: r.conversions,
      revenue: Math.round(revenue * 1e4) / 1e4,
      ctr: own.ctr,
      cvr: own.cvr,
      rps: r.sent === 0 ? 0 : Math.round((revenue / r.sent) * 1e6) / 1e6,
      ml_posterior: ml
        ? {
            sends: ml.sends,
            clicks: ml.clicks,
            conversions: ml.conversions,
            revenue: ml.revenue,
            ctr: ml.ctr,
            cvr: ml.cvr,
            rps: ml.rps,
          }
        : null,
    }
  })
}
