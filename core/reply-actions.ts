// What Trackly does with a reply once it is classified (spec §15, §19; CTIA keywords in reference §7). Pure.
import type { ReplyClassification } from './reply-classifier.js'

export type ReplyAction =
  /** Unsubscribe the contact from the list at once and confirm once. */
  | 'unsubscribe'
  /** Re-subscribe an unsubscribed contact (START, UNSTOP, YES) and confirm. */
  | 'resubscribe'
  /** Answer with the list's help text. */
  | 'help'
  /** Store it, show it and forward it to the customer's `reply` webhooks. */
  | 'forward'

export interface ReplyContext {
  /** The sender is on the list and subscribed; null when they are not on the list at all. */
  subscribed: boolean | null
  /** Account setting: spam/scam wording acts as a STOP, or is only a label (spec §19). */
  spamComplaintAction: 'stop' | 'label'
}

export function replyAction(c: ReplyClassification, ctx: ReplyContext): ReplyAction {
  switch (c.kind) {
    case 'opt_out':
      // A second STOP changes nothing and must not send a second confirmation.
      return ctx.subscribed ? 'unsubscribe' : 'forward'
    case 'spam_complaint':
      return ctx.spamComplaintAction === 'stop' && ctx.subscribed ? 'unsubscribe' : 'forward'
    case 'opt_in':
      // YES from someone already subscribed is a conversational answer, not a re-subscription.
      return ctx.subscribed === false ? 'resubscribe' : 'forward'
    case 'help':
      return 'help'
    default:
      return 'forward'
  }
}

/** The one message Trackly sends back, with the brand, frequency and rates disclosures CTIA asks for. */
export function autoReplyText(
  action: Exclude<ReplyAction, 'forward'>,
  list: { brandName: string; helpText: string | null },
): string {
  const brand = list.brandName.trim() || 'Messages'
  switch (action) {
    case 'unsubscribe':
      return `${brand}: You are unsubscribed and will receive no more messages. Reply START to resubscribe.`
    case 'resubscribe':
      return `${brand}: You are resubscribed. Msg frequency varies. Msg&data rates may apply. Reply HELP for help, STOP to opt out.`
    case 'help':
      return (
        list.helpText?.trim() ||
        `${brand}: Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out, START to resubscribe.`
      )
  }
}

/** Spec §19 unsubscribe reasons: a STOP by text is `message`, a spam complaint acting as STOP is `complaint`. */
export function unsubscribeReason(c: ReplyClassification): 'message' | 'complaint' {
  return c.kind === 'spam_complaint' ? 'complaint' : 'message'
}
