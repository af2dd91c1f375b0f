// Pure creative rules: placeholders and their offer links, templates, slugs and URL checks.
import fc from 'fast-check'
import t from 'tap'
import { checkOfferLinks, messagingTemplates } from '../../core/creatives.js'
import { destinationProblem } from '../../core/destinations.js'
import { linkPlaceholders } from '../../core/message-template.js'
import { newSlug, slugify } from '../../core/offers.js'
import { creativeLength, DEFAULT_COMPLIANCE_PREFIX, DEFAULT_COMPLIANCE_SUFFIX } from '../../core/segments.js'

const offerId = '0123456789abcdef01234567'

t.test('placeholders are the distinct {{linkN}} in order', async (t) => {
  t.same(linkPlaceholders('A {{link2}} b {{link1}} c {{link2}} {{ link3 }}'), ['link2', 'link1', 'link3'])
  t.same(linkPlaceholders('no links {{brand_name}} {{linkx}}'), [])
})

t.test('offer links: the first broken rule answers its spec code', async (t) => {
  const code = (message: string, links: Parameters<typeof checkOfferLinks>[1]) => {
    const r = checkOfferLinks(message, links)
    return r.ok ? 'ok' : r.code
  }
  t.equal(code('Hi there', [{ key: 'link1', offer_id: offerId }]), 'missing_link_placeholder')
  t.equal(code('Go {{link1}}', [{ offer_id: offerId }]), 'missing_offer_link_key')
  t.equal(code('Go {{link1}}', [{ key: '  ', offer_id: offerId }]), 'missing_offer_link_key')
  t.equal(code('Go {{link1}}', [{ key: 'link1' }]), 'missing_offer_link_offer_id')
  t.equal(
    code('Go {{link1}} {{link2}}', [{ key: 'link1', offer_id: offerId }]),
    'missing_offer_links_for_placeholders',
  )
  t.equal(code('Go {{link1}}', [{ key: 'link1', offer_id: offerId, url: 'javascript:x' }]), 'invalid_url')
  t.equal(
    code('Go {{link1}}', [
      { key: 'link1', offer_id: offerId },
      { key: '{{link1}}', offer_id: offerId },
    ]),
    'validation_error',
  )
  const ok = checkOfferLinks('Go {{link1}}', [
    { key: '{{link1}}', offer_id: offerId, url_params: { s: '1' } },
  ])
  t.same(ok, { ok: true, links: [{ key: 'link1', offer_id: offerId, url: null, url_params: { s: '1' } }] })
})

t.test('property: links for every placeholder always pass', async () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
      fc.string(),
      (ns, filler) => {
        const message = ns.map((n) => `${filler.replace(/[{}]/g, '')} {{link${n}}}`).join(' ')
        const links = [...ns].reverse().map((n) => ({ key: `link${n}`, offer_id: offerId }))
        const result = checkOfferLinks(message, links)
        const dropped = checkOfferLinks(message, links.slice(1))
        return result.ok && result.links.length === ns.length && !dropped.ok
      },
    ),
  )
})

t.test('templates: account settings or the defaults', async (t) => {
  t.same(messagingTemplates({}), { prefix: DEFAULT_COMPLIANCE_PREFIX, suffix: DEFAULT_COMPLIANCE_SUFFIX })
  t.same(messagingTemplates({ messaging: { prefix: '', suffix: ' STOP=stop' } }), {
    prefix: '',
    suffix: ' STOP=stop',
  })
  const plain = creativeLength('Sale {{link1}}', { prefix: '', suffix: '' })
  t.equal(plain.character_count, 5 + 23)
  const branded = creativeLength('Sale {{link1}}', { brandName: 'Acme' })
  t.equal(branded.character_count, 'Acme: '.length + 5 + 23 + DEFAULT_COMPLIANCE_SUFFIX.length)
})

t.test('URLs: absolute http(s) only; macros allowed', async (t) => {
  for (const ok of [
    'https://trk.example/c?sub1={{click_id}}',
    'http://a.b/{sub1}?x={{contact.phone}}&m={{messageId}}',
    'https://x.example',
  ])
    t.equal(destinationProblem(ok), undefined, ok)
  for (const bad of [
    'trk.example/c',
    'ftp://x.example/',
    'https://',
    'not a url',
    'mailto:a@b.c',
    `https://x.example/${'a'.repeat(2100)}`,
  ])
    t.ok(destinationProblem(bad), bad)
})

t.test('slugs: prefix, slugified name, 6 random hex', async (t) => {
  t.match(newSlug('ofr', 'Summer Sale — 50% off!'), /^ofr_summer_sale_50_off_[0-9a-f]{6}$/)
  t.match(newSlug('cre', '***'), /^cre_item_[0-9a-f]{6}$/)
  fc.assert(
    fc.property(
      fc.string(),
      (name) => /^[a-z0-9]+(_[a-z0-9]+)*$/.test(slugify(name)) && slugify(name).length <= 40,
    ),
  )
})
