// An account's settings (Account Settings > Messaging, spec §7, §12, §19) as the API answers and takes them: one
// TypeBox schema the route serialises and documents, the service returns and the dashboard's form mirrors.
import Type, { type Static } from 'typebox'
import { BOT_FILTER_MODES } from '../bots.js'

/** How a spam/scam/junk reply is handled (spec §19): it unsubscribes like a STOP, or only labels the reply. */
export const SPAM_COMPLAINT_ACTIONS = ['act_as_stop', 'label_only'] as const
export type SpamComplaintAction = (typeof SPAM_COMPLAINT_ACTIONS)[number]

/** Length limits of the text settings (the dashboard's form checks the same numbers). */
export const ACCOUNT_SETTINGS_LIMITS = { brand_name: 50, template_prefix: 100, template_suffix: 160 } as const

const TEMPLATE_NOTE =
  'Auto-applied only on US (+1) lists and counted in a creative’s length; `{{brand_name}}` and contact macros are ' +
  'filled per message; `{{linkN}}` placeholders are refused (400 `invalid_template_prefix`/`_suffix`).'

const fields = {
  brand_name: Type.String({
    maxLength: ACCOUNT_SETTINGS_LIMITS.brand_name,
    description: 'Fills `{{brand_name}}` on lists that have no brand name of their own; empty: none',
  }),
  template_prefix: Type.String({
    maxLength: ACCOUNT_SETTINGS_LIMITS.template_prefix,
    description: `Put before every campaign message (default \`{{brand_name}}: \`). ${TEMPLATE_NOTE}`,
  }),
  template_suffix: Type.String({
    maxLength: ACCOUNT_SETTINGS_LIMITS.template_suffix,
    description: `Put after every campaign message (default \` Reply stop to stop. Help for help.\`). ${TEMPLATE_NOTE}`,
  }),
  quiet_hours: Type.Boolean({
    description:
      'TCPA quiet hours: US recipients get messages 8:00–21:00 their local time (state rules apply); later ones ' +
      'wait, they are not dropped. Off: messages go at once',
  }),
  timezone: Type.String({
    maxLength: 64,
    description:
      'IANA time zone (e.g. America/Chicago) of contacts without one and of schedules’ wall clock (400 `invalid_timezone`)',
  }),
  spam_complaint_action: Type.Enum(SPAM_COMPLAINT_ACTIONS, {
    description: 'A spam/scam/junk reply unsubscribes the contact (reason complaint), or is only labelled',
  }),
  bot_filter_mode: Type.Enum(BOT_FILTER_MODES, {
    description:
      'Default bot-filter mode of the account’s links (an offer may override it); the same value as ' +
      '`GET /tracking/settings`',
  }),
}

export const AccountSettingsView = Type.Object(fields)
export type AccountSettingsView = Static<typeof AccountSettingsView>

/** A partial change: fields left out keep their value. */
export const AccountSettingsUpdate = Type.Partial(Type.Object(fields))
export type AccountSettingsUpdate = Static<typeof AccountSettingsUpdate>
