// The dashboard's account settings form checks what the API checks: its limits and choices equal the API's
// AccountSettings schema in the OpenAPI document, and its time zone and template checks agree with core's.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import t from 'tap'
import { accountSettingsOf, checkSettingsUpdate } from '../../core/account-settings.js'
import { repoRoot } from '../../lib/paths.js'
import {
  BOT_FILTER_MODES,
  LIMITS,
  SPAM_ACTIONS,
  validateSettings,
} from '../../web/src/settings/accountSettingsRules.js'

const document = JSON.parse(readFileSync(join(repoRoot, 'docs', 'openapi.json'), 'utf8'))
const schema = document.components.schemas.AccountSettings

t.test('the form’s limits and choices are the document’s', async (t) => {
  for (const [field, limit] of Object.entries(LIMITS))
    t.equal(schema.properties[field].maxLength, limit, field)
  t.same(SPAM_ACTIONS.map((a) => a.id).sort(), [...schema.properties.spam_complaint_action.enum].sort())
  t.same(BOT_FILTER_MODES.map((m) => m.id).sort(), [...schema.properties.bot_filter_mode.enum].sort())
  t.same(Object.keys(schema.properties).sort(), Object.keys(accountSettingsOf({}, 'no_filter')).sort())
})

const zones = fc.oneof(
  fc.constantFrom(
    'America/Chicago',
    'europe/paris',
    'UTC',
    'Mars/Olympus',
    '+05:00',
    '',
    'Asia/Kolkata',
    'EST',
  ),
  fc.string({ maxLength: 20 }),
)
const templates = fc.oneof(
  fc.constantFrom('{{brand_name}}: ', 'Go {{link1}}', '{{ link12 | x }}', ' Reply STOP', '{{linkX}}'),
  fc.string({ maxLength: 30 }),
)

t.test('the form refuses exactly what the API refuses', async (t) => {
  const base = accountSettingsOf({}, 'no_filter')
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(zones, templates, (timezone, prefix) => {
        const form = validateSettings({ ...base, timezone, template_prefix: prefix })
        const api = checkSettingsUpdate({ timezone, template_prefix: prefix })
        const apiFields = api.ok ? [] : [api.field]
        // The API names the first problem only; the form names each.
        return api.ok ? Object.keys(form).length === 0 : apiFields.every((f) => f in form)
      }),
    ),
  )
  t.same(Object.keys(validateSettings({ ...base, template_suffix: 's'.repeat(161) })), ['template_suffix'])
})
