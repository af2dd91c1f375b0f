// History import's shared parts (spec §14): the import context, each record's outcome and the reply that counts them.
import type { ClickHouse } from '../analytics/clickhouse.js'
import type { ErrorCode } from '../core/errors.js'
import type { ClickEvent, RevenueEvent } from '../core/events.js'
import { HISTORY_ERRORS_MAX, type HistoryError } from '../core/history.js'
import type { RecordResult } from '../core/revenue.js'
import { type EventContext, publishEvents } from './revenue.js'

export interface HistoryContext extends EventContext {
  clickhouse: ClickHouse
}

export type Outcome = 'saved' | 'duplicate' | { code: ErrorCode; error: string }

export const SAVE_ERROR = { code: 'save_error', error: 'The record could not be saved; retry it' } as const

export interface HistoryReply {
  success_count: number
  error_count: number
  duplicates_skipped: number
  invalid_phones: number
  errors: HistoryError[]
}

export function reply(outcomes: Outcome[], ids: (string | null)[]): HistoryReply {
  const out: HistoryReply = {
    success_count: 0,
    error_count: 0,
    duplicates_skipped: 0,
    invalid_phones: 0,
    errors: [],
  }
  outcomes.forEach((o, index) => {
    if (o === 'saved') out.success_count++
    else if (o === 'duplicate') out.duplicates_skipped++
    else {
      out.error_count++
      if (o.code === 'invalid_phone') out.invalid_phones++
      if (out.errors.length < HISTORY_ERRORS_MAX) out.errors.push({ index, id: ids[index]!, ...o })
    }
  })
  return out
}

/** A record's outcome before lookups: its validation error, or (valid) save_error until a later step says better. */
export const initialOutcome = <T>(p: RecordResult<T>): Outcome =>
  p.ok ? SAVE_ERROR : { code: p.code, error: p.error }

export async function publishOrFail(
  ctx: HistoryContext,
  topic: 'clicks' | 'revenue',
  events: { index: number; event: ClickEvent | RevenueEvent }[],
  outcomes: Outcome[],
): Promise<void> {
  try {
    await publishEvents(
      ctx,
      topic,
      events.map((e) => e.event),
    )
    for (const e of events) outcomes[e.index] = 'saved'
  } catch (err) {
    ctx.log.error({ err, count: events.length }, `history ${topic} not published`)
    for (const e of events) outcomes[e.index] = SAVE_ERROR
  }
}
