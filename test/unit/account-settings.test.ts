// Account settings between the API's shape and what the sending code reads (core/account-settings): defaults,
// the checks beyond the schema (IANA zone, no link placeholder in a template), and a round trip through storage.
import fc from 'fast-check'
import t from 'tap'
import {
  accountSettingsOf,
  canonicalTimeZone,
  checkSettingsUpdate,
  settingsDiff,
  storedChanges,
} from '../../core/account-settings.js'
import { accountZoneOf } from '../../core/campaigns.js'
import { messagingTemplates } from '../../core/creatives.js'
import { DEFAULT_COMPLIANCE_PREFIX, DEFAULT_COMPLIANCE_SUFFIX } from '../../core/segments.js'
import type { AccountSettingsView } from '../../core/views/account-settings.js'

t.test('an account with nothing stored answers the product defaults', async (t) => {
  t.same(accountSettingsOf({}, 'no_filter'), {
    brand_name: '',
    template_prefix: DEFAULT_COMPLIANCE_PREFIX,
    template_suffix: DEFAULT_COMPLIANCE_SUFFIX,
    quiet_hours: true,
    timezone: 'America/New_York',
    spam_complaint_action: 'label_only',
    bot_filter_mode: 'no_filter',
  })
  t.match(accountSettingsOf(null, 'nonsense'), { bot_filter_mode: 'no_filter', quiet_hours: true })
  // What the seed stores for the demo account: quiet hours off.
  t.equal(accountSettingsOf({ messaging: { quiet_hours: false } }, 'filter').quiet_hours, false)
  t.equal(
    accountSettingsOf({ messaging: { spam_complaint_action: 'stop' } }, 'filter').spam_complaint_action,
    'act_as_stop',
  )
})

t.test('time zones: IANA names in their canonical spelling, anything else refused', async (t) => {
  t.equal(canonicalTimeZone('America/Chicago'), 'America/Chicago')
  t.equal(canonicalTimeZone(' america/chicago '), 'America/Chicago')
  t.equal(canonicalTimeZone('Europe/Berlin'), 'Europe/Berlin')
  for (const bad of ['', 'Mars/Olympus', '+05:00', 'America/Chicago; DROP', 'Not a zone', '../etc/passwd']) {
    t.equal(canonicalTimeZone(bad), null, JSON.stringify(bad))
  }
  const refused = checkSettingsUpdate({ timezone: 'Mars/Olympus' })
  t.match(refused, { ok: false, code: 'invalid_timezone', field: 'timezone' })
  t.match(checkSettingsUpdate({ timezone: 'asia/tokyo' }), { ok: true, update: { timezone: 'Asia/Tokyo' } })
})

t.test('templates may hold macros but no tracked-link placeholder', async (t) => {
  t.match(checkSettingsUpdate({ template_prefix: '{{brand_name}} for {{first_name|you}}: ' }), { ok: true })
  t.match(checkSettingsUpdate({ template_prefix: 'Go {{link1}} ' }), {
    ok: false,
    code: 'invalid_template_prefix',
    field: 'template_prefix',
  })
  t.match(checkSettingsUpdate({ template_suffix: ' more: {{ link2 }}' }), {
    ok: false,
    code: 'invalid_template_suffix',
  })
  t.match(checkSettingsUpdate({ brand_name: '  Acme  ' }), { ok: true, update: { brand_name: 'Acme' } })
})

const settingsArb: fc.Arbitrary<AccountSettingsView> = fc.record({
  brand_name: fc.string({ maxLength: 50 }).map((s) => s.trim()),
  template_prefix: fc.string({ maxLength: 100 }),
  template_suffix: fc.string({ maxLength: 160 }),
  quiet_hours: fc.boolean(),
  timezone: fc.constantFrom('America/New_York', 'America/Los_Angeles', 'Europe/London', 'Asia/Tokyo'),
  spam_complaint_action: fc.constantFrom('act_as_stop' as const, 'label_only' as const),
  bot_filter_mode: fc.constantFrom('no_filter' as const, 'filter' as const),
})

t.test('what is stored reads back as given, and as the sending code reads it', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(settingsArb, (settings) => {
        const { top, messaging, botFilterMode } = storedChanges(settings)
        const stored = { ...top, messaging }
        const back = accountSettingsOf(stored, botFilterMode ?? 'no_filter')
        // The readers of the sending paths see the same values.
        const templates = messagingTemplates(stored)
        return (
          JSON.stringify(back) === JSON.stringify(settings) &&
          templates.prefix === settings.template_prefix &&
          templates.suffix === settings.template_suffix &&
          accountZoneOf(stored) === settings.timezone
        )
      }),
    ),
  )
})

t.test('a partial change writes only its fields; the diff names only what changed', async (t) => {
  t.same(storedChanges({ quiet_hours: false }), {
    top: {},
    messaging: { quiet_hours: false },
    botFilterMode: null,
  })
  t.same(storedChanges({ timezone: 'Asia/Tokyo', bot_filter_mode: 'filter' }), {
    top: { timezone: 'Asia/Tokyo' },
    messaging: {},
    botFilterMode: 'filter',
  })
  const before = accountSettingsOf({}, 'no_filter')
  t.same(settingsDiff(before, { ...before }), {})
  t.same(settingsDiff(before, { ...before, template_prefix: 'Hi: ', quiet_hours: false }), {
    template_prefix: { from: DEFAULT_COMPLIANCE_PREFIX, to: 'Hi: ' },
    quiet_hours: { from: true, to: false },
  })
})
