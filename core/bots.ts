// Click classification by user agent. Bots and link-preview fetchers never take a message's first-click slot.
import { isbot } from 'isbot'

/** Empty string for a human-looking click; otherwise why it is not counted as a human click. */
export function botReason(userAgent: string | undefined): string {
  if (!userAgent || userAgent.trim() === '') return 'empty_user_agent'
  if (isbot(userAgent)) return 'bot_user_agent'
  return ''
}
