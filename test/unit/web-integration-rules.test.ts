// The dashboard's webhook, postback and tracking forms check what the API checks: their limits and choices equal
// the OpenAPI document's, and their client checks never refuse what the API accepts.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import t from 'tap'
import { isCountryCode } from '../../core/bots.js'
import { ISO_COUNTRY_CODES } from '../../core/data/iso-countries.js'
import { repoRoot } from '../../lib/paths.js'
import { ALLOWLIST_LIMITS, checkAllowlist, entriesOf } from '../../web/src/settings/postbackRules.js'
import { checkCountries, codesOf, MAX_COUNTRIES } from '../../web/src/settings/trackingRules.js'
import { DESCRIPTION_LIMIT, EVENT_OPTIONS, validateWebhook } from '../../web/src/settings/webhookRules.js'

const document = JSON.parse(readFileSync(join(repoRoot, 'docs', 'openapi.json'), 'utf8'))
const body = (path: string, method: string) =>
  document.paths[path][method].requestBody.content['application/json'].schema.properties

t.test('the forms’ limits and choices are the document’s', async (t) => {
  t.same(
    EVENT_OPTIONS.map((e) => e.id).sort(),
    [...document.components.schemas.Webhook.properties.events.items.enum].sort(),
  )
  t.equal(body('/api/v2/webhooks', 'post').description.maxLength, DESCRIPTION_LIMIT)
  const allowlist = body('/api/v2/postbacks/allowlist', 'put').ip_allowlist
  t.equal(allowlist.maxItems, ALLOWLIST_LIMITS.entries)
  t.equal(allowlist.items.maxLength, ALLOWLIST_LIMITS.length)
  t.equal(body('/api/v2/tracking/settings', 'put').blocked_countries.maxItems, MAX_COUNTRIES)
})

t.test('every ISO country code passes the client check, typed in any case and separator', async (t) => {
  const iso = [...ISO_COUNTRY_CODES]
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.constantFrom(...iso), { maxLength: 30 }),
      fc.constantFrom(', ', ' ', ';', ',\n'),
      fc.boolean(),
      (codes, sep, lower) => {
        const typed = codes.map((c) => (lower ? c.toLowerCase() : c)).join(sep)
        const parsed = codesOf(typed)
        return (
          checkCountries(parsed) === undefined &&
          parsed.every(isCountryCode) &&
          parsed.length === codes.length
        )
      },
    ),
  )
  t.match(checkCountries(codesOf('cn, russia')), /RUSSIA/, 'a word is refused')
})

t.test('the allow-list editor reads one entry a line and checks the API’s limits', async (t) => {
  t.same(entriesOf(' 203.0.113.7 \n\n2001:db8::/32\n'), ['203.0.113.7', '2001:db8::/32'])
  t.equal(checkAllowlist(Array.from({ length: 100 }, (_, i) => `10.0.0.${i}`)), undefined, '100 entries')
  t.match(checkAllowlist(Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`)), /At most 100/)
  t.match(checkAllowlist(['1'.repeat(65)]), /longer than 64/)
})

t.test('a webhook needs a full URL and at least one event', async (t) => {
  t.same(validateWebhook({ url: 'https://hooks.example.com/x', events: ['reply'], description: '' }), {})
  const errors = validateWebhook({ url: 'hooks.example.com', events: [], description: 'x'.repeat(501) })
  t.same(Object.keys(errors).sort(), ['description', 'events', 'url'])
  t.match(validateWebhook({ url: '', events: ['delivery'], description: '' }).url, /Enter the URL/)
})
