// The offer and creative forms check what the API checks: their choices are the document's enums, every code they
// place beside a field is one the API has, a tracking URL the offer form refuses is one the API refuses too, and
// the creative editor finds the same {{linkN}} placeholders the server binds. Each offer gets its network's
// postback URL, or /conv/offer with its own id.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import t from 'tap'
import { destinationProblem } from '../../core/destinations.js'
import { ERROR_STATUS } from '../../core/errors.js'
import { linkPlaceholders } from '../../core/message-template.js'
import { repoRoot } from '../../lib/paths.js'
import { postbackUrls } from '../../services/postback-settings.js'
import * as creative from '../../web/src/creatives/creativeRules.js'
import * as offer from '../../web/src/offers/offerRules.js'

const document = JSON.parse(readFileSync(join(repoRoot, 'docs', 'openapi.json'), 'utf8'))
const body = document.paths['/api/v2/offers'].post.requestBody.content['application/json'].schema.properties
const enumOf = (schema: { enum?: unknown[]; anyOf?: Array<{ enum?: unknown[] }> }) =>
  (schema.enum ?? schema.anyOf?.flatMap((s) => s.enum ?? []) ?? []).filter((v) => v !== null)

t.test('the offer form’s choices are the document’s', async (t) => {
  t.same(
    offer.NETWORKS.map((n) => n.id).filter((id) => id !== 'none'),
    enumOf(body.external_platform),
  )
  t.same(
    offer.PAYOUT_TYPES.map((p) => p.id),
    enumOf(body.payout_type),
  )
  t.same(
    offer.BOT_FILTER_CHOICES.map((b) => b.id).filter((id) => id !== 'inherit'),
    enumOf(body.bot_filter_mode),
  )
})

t.test('every code placed beside a field is an API error code', async (t) => {
  for (const code of [...Object.keys(offer.FIELD_OF_CODE), ...Object.keys(creative.FIELD_OF_CODE)]) {
    t.ok(Object.hasOwn(ERROR_STATUS, code), code)
  }
})

t.test('a tracking URL the form refuses, the API refuses', async () => {
  const url = fc.oneof(
    fc.webUrl(),
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      'ftp://x.example/',
      'shoes.example/landing',
      'https://x.example/?c={{click_id}}',
      'http://',
    ),
  )
  fc.assert(
    fc.property(url, (tracking_url) => {
      const refused = offer.validateOffer({ ...offer.emptyOffer(), name: 'N', tracking_url }).tracking_url
      return refused === undefined || destinationProblem(tracking_url.trim()) !== undefined
    }),
    { numRuns: 500 },
  )
})

t.test('payout and click window limits', async (t) => {
  const check = (v: Partial<offer.OfferFormValues>) =>
    Object.keys(
      offer.validateOffer({ ...offer.emptyOffer(), name: 'N', tracking_url: 'https://x.example/', ...v }),
    )
  t.same(check({}), [])
  t.same(check({ payout: '-1' }), ['payout'])
  t.same(check({ payout: 'abc' }), ['payout'])
  t.same(check({ click_window_days: '0' }), ['click_window_days'])
  t.same(check({ click_window_days: '366' }), ['click_window_days'])
  t.same(check({ click_window_days: '1.5' }), ['click_window_days'])
  t.same(check({ name: ' ' }), ['name'])
})

t.test('the creative editor finds the placeholders the server binds', async () => {
  const piece = fc.constantFrom(
    '{{link1}}',
    '{{ link2 }}',
    '{{link1|x}}',
    '{{link}}',
    '{{linkA}}',
    '{{first_name}}',
    '{{ link12 | there }}',
    '{link3}',
    'Hi ',
    '😀',
    '}}',
  )
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
      const message = pieces.join('')
      return JSON.stringify(creative.linkKeys(message)) === JSON.stringify(linkPlaceholders(message))
    }),
    { numRuns: 500 },
  )
})

t.test('a creative needs a name, a link and an offer for every link', async (t) => {
  const v = {
    ...creative.emptyCreative(),
    name: 'C',
    message: 'Hi {{link1}} {{link2}}',
    links: { link1: 'a' },
  }
  t.same(creative.validateCreative(v), { links: 'choose an offer for {{link2}}' })
  t.same(creative.validateCreative({ ...v, links: { link1: 'a', link2: 'b' } }), {})
  t.same(Object.keys(creative.validateCreative({ ...v, message: 'no link' })), ['message'])
  t.same(
    creative.bodyOf({
      ...v,
      links: { link1: 'a', link2: 'b', link9: 'gone' },
      urls: { link2: ' https://x.example/b ', link9: 'https://gone.example/' },
    }).offer_links,
    [
      { key: 'link1', offer_id: 'a', url: null },
      { key: 'link2', offer_id: 'b', url: 'https://x.example/b' },
    ],
    'a destination of its own is kept (and sent) per link; none is null',
  )
  t.same(
    creative.validateCreative({ ...v, links: { link1: 'a', link2: 'b' }, urls: { link2: 'x.example/b' } }),
    {
      urls: 'the destination of {{link2}} must be an http(s) URL',
    },
  )
  t.match(
    creative.validateCreative({ ...v, name: 'n'.repeat(256), links: { link1: 'a', link2: 'b' } }).name,
    'name must be at most 255 characters',
    'the API schema’s limit, from the OpenAPI document',
  )
  const saved = creative.valuesOf({
    offer_links: [{ key: 'link1', offer_id: 'a', url: 'https://x.example/a', url_params: {} }],
  } as unknown as creative.Creative)
  t.same(saved.urls, { link1: 'https://x.example/a' }, 'an edit starts from the saved destination')
  t.equal(creative.withSampleLinks('Go {{link1}}').length, 'Go '.length + creative.LINK_LENGTH)
})

t.test('each offer gets its network’s postback URL, or /conv/offer with its id', async (t) => {
  const urls = postbackUrls('https://api.example', 'S3cret')
  t.equal(offer.postbackUrlFor({ id: 'abc', external_platform: 'tune' }, urls), urls.tune)
  t.equal(offer.postbackUrlFor({ id: 'abc', external_platform: 'cake' }, urls), urls.cake)
  const own = offer.postbackUrlFor({ id: 'abc123', external_platform: null }, urls)
  t.match(
    own,
    /^https:\/\/api\.example\/conv\/offer\?offer_id=abc123&message_id=\{message_id\}.*postback_secret=S3cret$/,
  )
})
