// Account settings (spec §7 templates, §12 bot filter, §19 quiet hours and spam complaints) between the API's
// shape and where the sending code reads them: `accounts.settings` (messaging.prefix/suffix/brand_name/quiet_hours/
// spam_complaint_action, timezone) and the `bot_filter_mode` column the tracking settings share. Pure.
import { isBotFilterMode } from './bots.js'
import { accountZoneOf } from './campaigns.js'
import { messagingTemplates } from './creatives.js'
import type { ErrorCode } from './errors.js'
import { isValidTimeZone } from './quiet-hours.js'
import type { AccountSettingsUpdate, AccountSettingsView } from './views/account-settings.js'

type Json = Record<string, unknown>

const objectOf = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {}

/** The settings as stored (defaults filled in where a key is missing), in the API's shape. */
export function accountSettingsOf(
  stored: Json | null | undefined,
  botFilterMode: string,
): AccountSettingsView {
  const messaging = objectOf(stored?.messaging)
  const templates = messagingTemplates(stored)
  return {
    brand_name: typeof messaging.brand_name === 'string' ? messaging.brand_name : '',
    template_prefix: templates.prefix,
    template_suffix: templates.suffix,
    // The dispatcher treats only an explicit false as "off" (services/dispatch dispatchFacts).
    quiet_hours: messaging.quiet_hours !== false && messaging.quiet_hours !== 'false',
    timezone: accountZoneOf(stored),
    // The reply processor acts as STOP only on 'stop' (processors/messaging).
    spam_complaint_action: messaging.spam_complaint_action === 'stop' ? 'act_as_stop' : 'label_only',
    bot_filter_mode: isBotFilterMode(botFilterMode) ? botFilterMode : 'no_filter',
  }
}

export type SettingsCheck =
  | { ok: true; update: AccountSettingsUpdate }
  | { ok: false; code: ErrorCode; field: keyof AccountSettingsView; error: string }

const LINK_PLACEHOLDER = /\{\{\s*link\d+\s*(\|[^}]*)?\}\}/
/** IANA names are letters, digits and `_ + - /`; this also keeps out offsets such as "+05:00". */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/

/** The zone's canonical IANA spelling ("america/chicago" → "America/Chicago"), or null when it is none. */
export function canonicalTimeZone(zone: string): string | null {
  const trimmed = zone.trim()
  if (!ZONE_NAME.test(trimmed) || !isValidTimeZone(trimmed)) return null
  return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone
}

/**
 * Checks a change beyond what its schema already did (lengths, enums): a real time zone, no tracked-link
 * placeholder in a template (a template has no offer to bind it to). Answers the change normalised: the brand
 * name trimmed, the zone in its canonical spelling.
 */
export function checkSettingsUpdate(input: AccountSettingsUpdate): SettingsCheck {
  const update: AccountSettingsUpdate = { ...input }
  if (input.timezone !== undefined) {
    const zone = canonicalTimeZone(input.timezone)
    if (!zone) {
      return {
        ok: false,
        code: 'invalid_timezone',
        field: 'timezone',
        error: 'timezone must be an IANA time zone such as America/New_York',
      }
    }
    update.timezone = zone
  }
  for (const field of ['template_prefix', 'template_suffix'] as const) {
    if (LINK_PLACEHOLDER.test(input[field] ?? '')) {
      return {
        ok: false,
        code: field === 'template_prefix' ? 'invalid_template_prefix' : 'invalid_template_suffix',
        field,
        error: `${field} cannot hold a {{linkN}} placeholder: templates carry no offer link`,
      }
    }
  }
  if (input.brand_name !== undefined) update.brand_name = input.brand_name.trim()
  return { ok: true, update }
}

/** What a (checked) change writes: keys merged into `settings`, into `settings.messaging`, and the column. */
export function storedChanges(update: AccountSettingsUpdate): {
  top: Json
  messaging: Json
  botFilterMode: string | null
} {
  const messaging: Json = {}
  if (update.brand_name !== undefined) messaging.brand_name = update.brand_name
  if (update.template_prefix !== undefined) messaging.prefix = update.template_prefix
  if (update.template_suffix !== undefined) messaging.suffix = update.template_suffix
  if (update.quiet_hours !== undefined) messaging.quiet_hours = update.quiet_hours
  if (update.spam_complaint_action !== undefined)
    messaging.spam_complaint_action = update.spam_complaint_action === 'act_as_stop' ? 'stop' : 'label'
  return {
    top: update.timezone === undefined ? {} : { timezone: update.timezone },
    messaging,
    botFilterMode: update.bot_filter_mode ?? null,
  }
}

/** The fields a change altered, each with its value before and after (what the audit log records). */
export function settingsDiff(
  before: AccountSettingsView,
  after: AccountSettingsView,
): Record<string, { from: unknown; to: unknown }> {
  const diff: Record<string, { from: unknown; to: unknown }> = {}
  for (const key of Object.keys(after) as Array<keyof AccountSettingsView>) {
    if (before[key] !== after[key]) diff[key] = { from: before[key], to: after[key] }
  }
  return diff
}
