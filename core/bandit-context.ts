// The contact context the bandit selects and counts under (spec §10): carrier, line type, timezone band, recency.
import type { ContactContext, ContactFacts } from './bandit-types.js'

// ---------------------------------------------------------------------------------------------------------------
// Contact context

/** Provider and CSV spellings of line types, matched on lower-cased text with separators removed. */
function lineTypeBucket(raw: string | null): string {
  if (!raw) return 'unknown'
  const t = raw.toLowerCase().replace(/[\s_-]+/g, '')
  if (t === '') return 'unknown'
  if (t.includes('voip') || t === 'voiceoverip') return 'voip'
  if (/^(mobile|cell|cellphone|cellular|wireless|mobilephone|cellularphone)$/.test(t)) return 'mobile'
  if (/^(landline|fixed|fixedline|wireline|land|landlinephone)$/.test(t)) return 'landline'
  return 'unknown'
}

const ZONE_BANDS: Record<string, string> = {
  'America/New_York': 'eastern',
  'America/Detroit': 'eastern',
  'America/Toronto': 'eastern',
  'America/Montreal': 'eastern',
  'America/Nipigon': 'eastern',
  'America/Thunder_Bay': 'eastern',
  'America/Iqaluit': 'eastern',
  'America/Fort_Wayne': 'eastern',
  'America/Indianapolis': 'eastern',
  'America/Louisville': 'eastern',
  'US/Eastern': 'eastern',
  'US/Michigan': 'eastern',
  'US/East-Indiana': 'eastern',
  EST5EDT: 'eastern',
  EST: 'eastern',
  'America/Chicago': 'central',
  'America/Menominee': 'central',
  'America/Winnipeg': 'central',
  'America/Regina': 'central',
  'America/Swift_Current': 'central',
  'America/Rainy_River': 'central',
  'America/Rankin_Inlet': 'central',
  'America/Resolute': 'central',
  'America/Indiana/Knox': 'central',
  'America/Indiana/Tell_City': 'central',
  'America/Knox_IN': 'central',
  'US/Central': 'central',
  'US/Indiana-Starke': 'central',
  CST6CDT: 'central',
  'America/Denver': 'mountain',
  'America/Boise': 'mountain',
  'America/Phoenix': 'mountain',
  'America/Edmonton': 'mountain',
  'America/Cambridge_Bay': 'mountain',
  'America/Inuvik': 'mountain',
  'America/Yellowknife': 'mountain',
  'America/Creston': 'mountain',
  'America/Dawson_Creek': 'mountain',
  'America/Fort_Nelson': 'mountain',
  'America/Whitehorse': 'mountain',
  'America/Dawson': 'mountain',
  'America/Shiprock': 'mountain',
  'US/Mountain': 'mountain',
  'US/Arizona': 'mountain',
  MST7MDT: 'mountain',
  MST: 'mountain',
  'America/Los_Angeles': 'pacific',
  'America/Vancouver': 'pacific',
  'America/Tijuana': 'pacific',
  'US/Pacific': 'pacific',
  PST8PDT: 'pacific',
  'America/Anchorage': 'alaska_hawaii',
  'America/Juneau': 'alaska_hawaii',
  'America/Sitka': 'alaska_hawaii',
  'America/Yakutat': 'alaska_hawaii',
  'America/Nome': 'alaska_hawaii',
  'America/Metlakatla': 'alaska_hawaii',
  'America/Adak': 'alaska_hawaii',
  'America/Atka': 'alaska_hawaii',
  'Pacific/Honolulu': 'alaska_hawaii',
  'Pacific/Johnston': 'alaska_hawaii',
  'US/Alaska': 'alaska_hawaii',
  'US/Aleutian': 'alaska_hawaii',
  'US/Hawaii': 'alaska_hawaii',
  HST: 'alaska_hawaii',
}

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/

/** The US/Canada time band of an IANA zone; other zones are 'other', a missing or malformed one 'unknown'. */
function tzBand(zone: string | null): string {
  if (!zone) return 'unknown'
  const z = zone.trim()
  const band = ZONE_BANDS[z]
  if (band) return band
  // Indiana and Kentucky counties keep eastern time except the two Indiana zones listed above; North Dakota's are central.
  if (z.startsWith('America/Indiana/') || z.startsWith('America/Kentucky/')) return 'eastern'
  if (z.startsWith('America/North_Dakota/')) return 'central'
  return ZONE_NAME.test(z) ? 'other' : 'unknown'
}

const DAY_MS = 86_400_000

function recencyBucket(lastClickedAt: Date | null, now: Date): string {
  if (!lastClickedAt) return 'never'
  const age = now.getTime() - lastClickedAt.getTime()
  if (Number.isNaN(age)) return 'never'
  if (age <= 7 * DAY_MS) return 'clicked_7d'
  if (age <= 30 * DAY_MS) return 'clicked_30d'
  return 'clicked_older'
}

/** The context values a contact is selected (and counted) under. */
export function contactContext(contact: ContactFacts, now: Date): ContactContext {
  const carrier = contact.carrier?.trim().toLowerCase().replace(/\s+/g, ' ')
  return {
    carrier: carrier ? carrier : 'unknown',
    line_type: lineTypeBucket(contact.lineType),
    tz_band: tzBand(contact.timezone),
    recency: recencyBucket(contact.lastClickedAt, now),
  }
}
