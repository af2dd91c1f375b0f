// Which queued messages may go out now, and when the others may (quiet hours, spec §19; reference §7): each
// recipient's window in their local time — timezone of the contact, else the account default, else US Eastern.
import { nextAllowedSendTime } from './quiet-hours.js'

export interface RecipientWindowFacts {
  messageId: string
  timezone: string | null
  state: string | null
  accountTimezone: string | null
  /**
   * Exempt from quiet hours: transactional sends (OTP), or an account that turned quiet hours off
   * (`settings.messaging.quiet_hours: false`, e.g. the simulator demo account).
   */
  exempt: boolean
}

export interface DispatchPlan {
  now: string[]
  /** Messages to hold until the given instant (ISO), grouped by that instant. */
  later: Map<string, string[]>
}

export function planDispatch(facts: readonly RecipientWindowFacts[], now: Date): DispatchPlan {
  const plan: DispatchPlan = { now: [], later: new Map() }
  for (const f of facts) {
    const allowed = nextAllowedSendTime(now, {
      ...(f.timezone ? { timezone: f.timezone } : {}),
      ...(f.state ? { state: f.state } : {}),
      ...(f.accountTimezone ? { accountTimezone: f.accountTimezone } : {}),
      transactional: f.exempt,
    })
    if (allowed.getTime() <= now.getTime()) plan.now.push(f.messageId)
    else {
      const at = allowed.toISOString()
      plan.later.set(at, [...(plan.later.get(at) ?? []), f.messageId])
    }
  }
  return plan
}

export interface ListBatch {
  perMinute: number
  /** Counted against the list's rate. */
  limited: string[]
  /** Raw sends with `skip_rate_limit`. */
  unlimited: string[]
}

/** Messages grouped by their sending list with each list's configured rate, in the order given. */
export function byListRate(
  facts: readonly { messageId: string; listId: number; perMinute: number; unlimited: boolean }[],
): Map<number, ListBatch> {
  const lists = new Map<number, ListBatch>()
  for (const f of facts) {
    const entry = lists.get(f.listId) ?? { perMinute: f.perMinute, limited: [], unlimited: [] }
    ;(f.unlimited ? entry.unlimited : entry.limited).push(f.messageId)
    lists.set(f.listId, entry)
  }
  return lists
}
