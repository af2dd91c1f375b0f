// Redirect destinations: the write-time policy (http(s), no credentials, no internal or metadata host, no macro
// before the path) and the URL a click is sent to (documented macros only, never in the scheme or host; the
// clicker's query adds sub-ids but never changes the template's own parameters).
import fc from 'fast-check'
import t from 'tap'
import {
  clickDestination,
  destinationProblem,
  PASS_THROUGH_MACROS,
  PLATFORM_MACROS,
  passThroughParams,
} from '../../core/destinations.js'

const clickId = 'AbC12345xYz987654321'

t.test('the click id goes in its parameter, or in place of a {{click_id}} macro', async (t) => {
  t.equal(
    clickDestination('https://trk.example/c?aff=1', { clickIdParam: 'sub1', clickId }),
    `https://trk.example/c?aff=1&sub1=${clickId}`,
  )
  t.equal(
    clickDestination('https://trk.example/c?sub1=OLD&x=2', { clickIdParam: 'sub1', clickId }),
    `https://trk.example/c?sub1=${clickId}&x=2`,
    "the platform's click id replaces a placeholder value",
  )
  t.equal(
    clickDestination('https://trk.example/c?aff_sub={{click_id}}&o=9', {
      clickIdParam: 'aff_click_id',
      clickId,
    }),
    `https://trk.example/c?aff_sub=${clickId}&o=9`,
  )
  t.equal(
    clickDestination('https://trk.example/path#frag', { clickIdParam: 's2', clickId }),
    `https://trk.example/path?s2=${clickId}#frag`,
  )
})

t.test('documented macros are filled; the rest of the short URL query is appended', async (t) => {
  t.equal(
    clickDestination('https://n.example/c?aff=1&sub2={sub2}&s3={{sub3}}', {
      clickIdParam: 'sub1',
      clickId,
      passThrough: { sub2: 'a b', sub3: 'x', source: 'fb' },
    }),
    `https://n.example/c?aff=1&sub2=a+b&s3=x&source=fb&sub1=${clickId}`,
  )
  t.equal(
    clickDestination(
      'https://n.example/c?aff_sub={{click_id}}&p={{contact.phone}}&m={{messageId}}&s={sendId}&q={{unknown}}',
      {
        clickIdParam: 'aff_click_id',
        clickId,
        messageId: 'AbC12345',
        contactPhone: '+14155551234',
        passThrough: { click_id: 'forged', aff_click_id: 'forged', messageId: 'forged' },
      },
    ),
    `https://n.example/c?aff_sub=${clickId}&p=%2B14155551234&m=AbC12345&s=AbC12345&q={{unknown}}`,
    'platform values only from the platform; an undocumented macro is left as written',
  )
  t.equal(
    clickDestination('https://n.example/o?sub2={sub2}', { clickIdParam: 'sub1', clickId: null }),
    'https://n.example/o?sub2=',
    'a documented macro nothing filled is emptied',
  )
  t.equal(
    clickDestination('https://n.example/o/{sub2}?x=1', {
      clickIdParam: 'sub1',
      clickId: null,
      passThrough: { sub2: '../a/b?c=d#e' },
    }),
    'https://n.example/o/..%2Fa%2Fb%3Fc%3Dd%23e?x=1',
    'a filled value stays inside its path segment',
  )
  t.same(passThroughParams({ a: '1', b: ['2', '3'], c: undefined, d: 'x'.repeat(513) }), { a: '1', b: '2' })
})

t.test("the clicker's query never overrides the template's parameters (issue 12)", async (t) => {
  const template = 'https://network.example/click?aff_id=42&c=7'
  t.equal(
    clickDestination(template, {
      clickIdParam: 'sub1',
      clickId,
      passThrough: { c: 'OVERRIDE', aff_id: 'ATTACKER', AFF_ID: 'ATTACKER', sub3: 'extra' },
    }),
    `https://network.example/click?aff_id=42&c=7&sub3=extra&sub1=${clickId}`,
  )
  t.equal(
    clickDestination('https://shop.example/item?x=1', {
      clickIdParam: 'click_id',
      clickId: null,
      passThrough: { x: '2', y: '3' },
    }),
    'https://shop.example/item?x=1&y=3',
    'a plain URL keeps its parameters too and gets no click id',
  )
})

t.test('macros are never filled in the scheme or host (issue 12)', async (t) => {
  for (const template of [
    'https://{x}.example.com/',
    'https://{sub1}.example.com/',
    'https://a.example.com:{sub2}/',
    '{source}://a.example.com/',
    'https://{{sub1}}@a.example.com/',
  ]) {
    t.ok(destinationProblem(template), `${template} refused`)
    t.equal(
      clickDestination(template, {
        clickIdParam: 'click_id',
        clickId,
        passThrough: { x: 'evil', sub1: 'evil' },
      }),
      null,
      `${template} never redirects`,
    )
  }
  t.equal(
    clickDestination('https://a.example.com/{x}', {
      clickIdParam: 'click_id',
      clickId: null,
      passThrough: { x: 'e' },
    }),
    'https://a.example.com/%7Bx%7D?x=e',
    'an undocumented name is not a macro anywhere',
  )
})

t.test('destination policy: http(s) only, no credentials, no internal host', async (t) => {
  for (const ok of [
    'https://trk.example/c?sub1={{click_id}}',
    'http://a.example/{sub1}?x={{contact.phone}}&m={{messageId}}',
    'https://x.example',
    'https://offers.example.com:8443/o?aff=1#top',
    'https://93.184.215.14/landing',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/',
  ]) {
    t.equal(destinationProblem(ok), undefined, ok)
  }
  const refused: Array<[string, string]> = [
    ['trk.example/c', 'invalid_url'],
    ['not a url', 'invalid_url'],
    ['ftp://x.example/', 'invalid_url'],
    ['javascript:alert(1)', 'invalid_url'],
    ['mailto:a@b.example', 'invalid_url'],
    ['https://', 'invalid_url'],
    ['https:///evil.example/', 'invalid_url'],
    ['https://a.example/x\ty', 'invalid_url'],
    [`https://x.example/${'a'.repeat(2100)}`, 'invalid_url'],
    ['https://user:pass@offers.example.com/', 'destination_not_allowed'],
    ['https://user@offers.example.com/', 'destination_not_allowed'],
    ['https://@offers.example.com/', 'destination_not_allowed'],
    ['http://169.254.169.254/latest/meta-data/', 'destination_not_allowed'],
    ['http://2852039166/', 'destination_not_allowed'],
    ['http://0xA9FEA9FE/', 'destination_not_allowed'],
    ['http://[::ffff:169.254.169.254]/', 'destination_not_allowed'],
    ['http://[fd00::1]/', 'destination_not_allowed'],
    ['https://127.0.0.1/', 'destination_not_allowed'],
    ['https://10.0.0.5/', 'destination_not_allowed'],
    ['https://localhost:3000/', 'destination_not_allowed'],
    ['https://metadata.google.internal/', 'destination_not_allowed'],
    ['https://printer.local/', 'destination_not_allowed'],
    ['https://intranet/', 'destination_not_allowed'],
    ['https://{x}.example.com/', 'destination_not_allowed'],
  ]
  for (const [url, code] of refused) t.equal(destinationProblem(url)?.code, code, url)
})

// ---- Properties ----

const PUBLIC_HOSTS = [
  'offers.example.com',
  'trk.example',
  'a.b.example.net',
  '93.184.215.14',
  'xn--bcher-kva.example',
]
const RESERVED_NAMES = [...PLATFORM_MACROS, 'aff_click_id', 's2', 'sub1']
const name = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/),
  fc.constantFrom(...PASS_THROUGH_MACROS, ...RESERVED_NAMES, 'aff_id', 'AFF_ID', 'c', 'C'),
)
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.constantFrom(
    'evil.example',
    '@evil.example',
    '//evil.example',
    'a&aff_id=1',
    '#x',
    '..',
    'user:pw@h',
    '%2F%2F',
  ),
)
const macro = fc.constantFrom(
  ...[...PLATFORM_MACROS, ...PASS_THROUGH_MACROS].flatMap((m) => [`{${m}}`, `{{${m}}}`]),
  '{x}',
  '{{unknown}}',
)

/** A template: literal parameters (checked to survive), macro parameters, macros in path and fragment. */
const template = fc.record({
  scheme: fc.constantFrom('http', 'https'),
  host: fc.constantFrom(...PUBLIC_HOSTS),
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  path: fc.array(fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,6}$/), macro), { maxLength: 3 }),
  literals: fc.uniqueArray(fc.tuple(name, fc.stringMatching(/^[A-Za-z0-9._-]{0,6}$/)), {
    maxLength: 4,
    selector: ([n]) => n.toLowerCase(),
  }),
  macros: fc.array(fc.tuple(fc.stringMatching(/^mac-[0-9]$/), macro), { maxLength: 3 }),
  fragment: fc.option(fc.oneof(fc.stringMatching(/^[a-z]{1,5}$/), macro), { nil: undefined }),
})

function render(t: typeof template extends fc.Arbitrary<infer T> ? T : never) {
  const query = [...t.literals, ...t.macros].map(([n, v]) => `${n}=${v}`).join('&')
  return `${t.scheme}://${t.host}${t.port ? `:${t.port}` : ''}/${t.path.join('/')}${query ? `?${query}` : ''}${t.fragment ? `#${t.fragment}` : ''}`
}

const options = fc.record({
  clickIdParam: fc.constantFrom('sub1', 'aff_click_id', 's2', 'click_id', 'c'),
  clickId: fc.option(fc.constant(clickId), { nil: null }),
  passThrough: fc.dictionary(name, hostile, { maxKeys: 10 }),
})

t.test('property: the output keeps the scheme, host and port, never credentials', async () => {
  fc.assert(
    fc.property(template, options, (tpl, opts) => {
      const source = render(tpl)
      const out = clickDestination(source, opts)
      if (out === null) return false
      const url = new URL(out)
      const base = new URL(`${tpl.scheme}://${tpl.host}${tpl.port ? `:${tpl.port}` : ''}`)
      return (
        url.protocol === base.protocol &&
        url.hostname === base.hostname &&
        url.port === base.port &&
        url.username === '' &&
        url.password === ''
      )
    }),
    { numRuns: 2000 },
  )
})

t.test("property: the template's parameters are never overridden; other sub-ids pass through", async () => {
  fc.assert(
    fc.property(template, options, (tpl, opts) => {
      const source = render(tpl)
      const out = new URL(clickDestination(source, opts)!)
      const clickIdInPlace = source.includes('click_id}')
      const templateNames = new Set([...tpl.literals, ...tpl.macros].map(([n]) => n.toLowerCase()))
      const reserved = new Set([...PLATFORM_MACROS, opts.clickIdParam].map((n) => n.toLowerCase()))
      // Every literal parameter keeps its one template value (the click id's own parameter is the platform's).
      for (const [n, v] of tpl.literals) {
        const expected =
          opts.clickId !== null && !clickIdInPlace && n === opts.clickIdParam ? opts.clickId : v
        if (out.searchParams.getAll(n).join('\n') !== expected) return false
      }
      // Any other parameter of the short URL arrives unchanged, unless its name is reserved or the template's.
      for (const [n, v] of Object.entries(opts.passThrough)) {
        if (reserved.has(n.toLowerCase()) || templateNames.has(n.toLowerCase())) continue
        if (source.includes(`{${n}}`)) continue // filled into its macro instead
        if (out.searchParams.get(n) !== v) return false
      }
      // The click id is where the network expects it, and nowhere a clicker put it.
      if (opts.clickId !== null && !clickIdInPlace) {
        if (out.searchParams.get(opts.clickIdParam) !== opts.clickId) return false
      }
      return true
    }),
    { numRuns: 2000 },
  )
})

t.test('property: a macro before the path is refused and never filled', async () => {
  fc.assert(
    fc.property(
      fc.constantFrom('https://{m}.example.com/', 'https://a{m}.example.com/', 'https://a.example.com:{m}/'),
      fc
        .constantFrom(...[...PLATFORM_MACROS, ...PASS_THROUGH_MACROS, 'x'])
        .chain((m) => fc.constantFrom(`{${m}}`, `{{${m}}}`)),
      hostile,
      (shape, m, value) => {
        const source = shape.replace('{m}', m)
        const passThrough = { x: value, sub1: value, sub2: value, source: value }
        return (
          destinationProblem(source) !== undefined &&
          clickDestination(source, { clickIdParam: 'click_id', clickId, passThrough }) === null
        )
      },
    ),
  )
})

t.test('a template parsed once answers every later click the same way', async (t) => {
  const template = 'https://trk.example/c?aff=1&s={{messageId}}'
  const first = clickDestination(template, { clickIdParam: 'sub1', clickId, messageId: 'Msg00001' })
  const second = clickDestination(template, { clickIdParam: 'sub1', clickId: 'Zz9', messageId: 'Msg00002' })
  t.equal(first, `https://trk.example/c?aff=1&s=Msg00001&sub1=${clickId}`)
  t.equal(
    second,
    'https://trk.example/c?aff=1&s=Msg00002&sub1=Zz9',
    "each click's own values, not the first's",
  )
  const refused = 'http://169.254.169.254/latest?x={{click_id}}'
  for (let i = 0; i < 3; i++) {
    t.equal(clickDestination(refused, { clickIdParam: 'sub1', clickId }), null, 'refused every time')
    t.equal(destinationProblem(refused)?.code, 'destination_not_allowed')
  }
})
