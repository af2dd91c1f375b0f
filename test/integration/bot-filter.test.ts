// Bot detection and the bot-filter modes (spec §12) over the real stack: ingest classifies every click and stores
// its reason; no_filter redirects everyone; filter (account-wide or per offer) shows an interstitial whose Continue
// press alone is redirected and takes the first-click slot. Settings and the offer override go through the API.
import t, { type Test } from 'tap'
import { confirmTokenKey, signConfirmToken } from '../../core/bots.js'
import { createTrackedMessage, type TrackedMessage } from '../../services/messages.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const INSTAGRAM =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone15,3; iOS 17_5; en_US; en; scale=3.00; 1290x2796; 608766469)'
const IMESSAGE_PREVIEW =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0'

// Clicks arrive as through a reverse proxy on loopback, which names the clicker (X-Forwarded-For, cf-ipcountry).
const platform = await startTestPlatform(t, {
  trustProxy: 'loopback',
  clickCountryHeader: 'cf-ipcountry',
  clickMinMsAfterSend: 2_000,
})
const fixture = await createFixture(platform, platform.ingestUrl)
const ch = platform.deps.clickhouse.acquire()
const pg = platform.deps.postgres.acquire()
t.teardown(async () => {
  await platform.deps.clickhouse.release()
  await platform.deps.postgres.release()
})

let phone = 0
async function message(offerId = fixture.offerId): Promise<{ messageId: string; code: string }> {
  const m: TrackedMessage = await createTrackedMessage(pg.pool, {
    accountId: fixture.accountId,
    listId: fixture.listId,
    to: `+1201556${String(1000 + phone++).padStart(4, '0')}`,
    body: 'Deal: {{link1}}',
    links: { link1: { offerId } },
    linkBaseUrl: platform.ingestUrl,
  })
  return { messageId: m.messageId, code: m.links[0]!.code }
}

const get = (code: string, userAgent: string, headers: Record<string, string> = {}) =>
  fetch(`${platform.ingestUrl}/${code}`, {
    redirect: 'manual',
    headers: { 'user-agent': userAgent, ...headers },
  })

const confirm = (code: string, token: string, userAgent = IPHONE) =>
  fetch(`${platform.ingestUrl}/${code}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'user-agent': userAgent },
    body: new URLSearchParams({ t: token }),
  })

const offerMode = (body: Record<string, unknown>) =>
  (body.offer as { bot_filter_mode: string | null } | undefined)?.bot_filter_mode

const tokenOf = (html: string): string => /name="t" value="([^"]+)"/.exec(html)?.[1] ?? ''

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
    method,
    headers: { 'x-api-key': fixture.apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function createOffer(fields: Record<string, unknown>): Promise<string> {
  const res = await api('POST', '/offers', {
    name: 'Filter offer',
    tracking_url: 'https://offers.example.com/f?aff=2',
    external_platform: 'everflow',
    ...fields,
  })
  if (res.status !== 201) throw new Error(`offer not created: ${JSON.stringify(res.body)}`)
  return (res.body.offer as { id: string }).id
}

interface ClickRow {
  event_id: string
  kind: string
  bot_reason: string
  is_first: number
  country: string
}

/** The stored clicks of a message once `n` have arrived, oldest first. */
async function clicks(messageId: string, n: number): Promise<ClickRow[]> {
  return eventually(
    async () => {
      const rows = await ch.query<ClickRow>(
        `SELECT event_id, kind, bot_reason, is_first, country FROM clicks FINAL
          WHERE account_id = {a:String} AND message_id = {m:String} ORDER BY event_time, event_id`,
        { a: fixture.accountId, m: messageId },
      )
      return rows.length >= n ? rows.map((r) => ({ ...r, is_first: Number(r.is_first) })) : undefined
    },
    30_000,
    `${n} clicks of ${messageId} in ClickHouse`,
  )
}

async function report(messageId: string) {
  const res = await api('GET', `/reports/messages/${messageId}`)
  if (res.status !== 200) throw new Error(`report: ${res.status}`)
  return res.body as Record<string, number>
}

t.test('settings: defaults, validation codes, normalisation', async (t) => {
  t.same((await api('GET', '/tracking/settings')).body, {
    bot_filter_mode: 'no_filter',
    blocked_countries: [],
  })
  const bad = await api('PUT', '/tracking/settings', { bot_filter_mode: 'block_everyone' })
  t.same([bad.status, bad.body.code], [400, 'invalid_bot_filter_mode'])
  const badCountry = await api('PUT', '/tracking/settings', { blocked_countries: ['RU', 'QQ'] })
  t.same([badCountry.status, badCountry.body.code], [400, 'invalid_blocked_countries'])
  const badShape = await api('PUT', '/tracking/settings', { blocked_countries: ['RUS'] })
  t.same([badShape.status, badShape.body.code], [400, 'invalid_blocked_countries'])
  const ok = await api('PUT', '/tracking/settings', { blocked_countries: ['ru', 'NG', 'RU'] })
  t.same(ok.body, { success: true, bot_filter_mode: 'no_filter', blocked_countries: ['NG', 'RU'] })
  t.same((await api('GET', '/tracking/settings')).body, {
    bot_filter_mode: 'no_filter',
    blocked_countries: ['NG', 'RU'],
  })
  const badOffer = await api('POST', '/offers', {
    name: 'x',
    tracking_url: 'https://offers.example.com/x',
    bot_filter_mode: 'sometimes',
  })
  t.same([badOffer.status, badOffer.body.code], [400, 'invalid_bot_filter_mode'])
})

t.test(
  'no_filter: everyone is redirected, every click is classified and stored with its reason',
  async (t) => {
    const { messageId, code } = await message()
    const human = await get(code, IPHONE)
    const preview = await get(code, IMESSAGE_PREVIEW)
    const cloud = await get(code, INSTAGRAM, { 'x-forwarded-for': '3.5.140.2' })
    const blocked = await get(code, INSTAGRAM, { 'x-forwarded-for': '73.15.22.9', 'cf-ipcountry': 'ru' })
    for (const res of [human, preview, cloud, blocked]) t.equal(res.status, 302, 'redirected')
    const humanClickId = new URL(human.headers.get('location')!).searchParams.get('sub1')
    t.match(humanClickId, /^[A-Za-z0-9]{32}$/)
    const rows = await clicks(messageId, 4)
    t.same(
      rows.map((r) => [r.kind, r.bot_reason, r.country]),
      [
        ['redirect', '', ''],
        ['redirect', 'link_preview', ''],
        ['redirect', 'datacenter_ip', ''],
        ['redirect', 'blocked_country', 'RU'],
      ],
    )
    t.same(
      rows.filter((r) => r.is_first === 1).map((r) => r.event_id),
      [humanClickId],
      'only the human click is first',
    )
    const r = await eventually(async () => {
      const r = await report(messageId)
      return r.bot_clicks === 3 ? r : undefined
    })
    t.match(r, { clicks: 1, bot_clicks: 3 })
  },
)

t.test('rapid repeats and clicks during the send are classified', async (t) => {
  const burst = await message()
  for (let i = 0; i < 3; i++) t.equal((await get(burst.code, IPHONE)).status, 302)
  t.same(
    (await clicks(burst.messageId, 3)).map((r) => r.bot_reason),
    ['', '', 'rapid_repeat'],
    'a double tap is human; the third click of a burst is not',
  )

  // The link is cached while its message is unsent, but only briefly: a send under way is seen within seconds.
  const sending = await message()
  t.equal((await get(sending.code, IPHONE)).status, 302)
  await pg.pool.query('UPDATE messages SET claimed_at = now() WHERE id = $1', [sending.messageId])
  await new Promise((r) => setTimeout(r, 2_500))
  t.equal((await get(sending.code, IPHONE)).status, 302)
  t.same(
    (await clicks(sending.messageId, 2)).map((r) => r.bot_reason),
    ['', 'too_fast_after_send'],
  )

  const justSent = await message()
  await pg.pool.query('UPDATE messages SET claimed_at = now(), sent_at = now() WHERE id = $1', [
    justSent.messageId,
  ])
  t.equal((await get(justSent.code, IPHONE)).status, 302)
  t.same(
    (await clicks(justSent.messageId, 1)).map((r) => r.bot_reason),
    ['too_fast_after_send'],
  )
})

async function interstitialFlow(t: Test, offerId: string) {
  const { messageId, code } = await message(offerId)
  const page = await get(code, IPHONE)
  t.equal(page.status, 200, 'the interstitial, not a redirect')
  t.equal(page.headers.get('cache-control'), 'no-store')
  t.match(page.headers.get('x-robots-tag'), /noindex/)
  t.match(page.headers.get('content-type'), /^text\/html/)
  const html = await page.text()
  t.match(html, /<form method="post">/)
  t.match(html, /Continue/)
  t.notMatch(html, /src=|<script|https?:\/\//, 'no external assets')
  t.ok(html.length < 2_048, `small page (${html.length} bytes)`)
  const previewerPage = await get(code, IMESSAGE_PREVIEW)
  t.equal(previewerPage.status, 200, 'a previewer gets the page too, never the destination')

  const done = await confirm(code, tokenOf(html))
  t.equal(done.status, 302)
  const location = new URL(done.headers.get('location')!)
  t.equal(location.origin, 'https://offers.example.com')
  const confirmId = location.searchParams.get('sub1')
  t.match(confirmId, /^[A-Za-z0-9]{32}$/, 'the network gets the confirm click id')

  const rows = await clicks(messageId, 3)
  t.same(
    rows.map((r) => [r.kind, r.bot_reason]),
    [
      ['preview', ''],
      ['preview', 'link_preview'],
      ['confirm', ''],
    ],
  )
  t.equal(rows[2]!.event_id, confirmId)
  t.same(
    rows.filter((r) => r.is_first === 1).map((r) => r.event_id),
    [confirmId],
    'only the confirmed click takes the first-click slot',
  )
  const r = await eventually(async () => {
    const r = await report(messageId)
    return r.clicks === 1 ? r : undefined
  })
  t.match(r, { clicks: 1, confirmed_clicks: 1 }, 'the report counts the confirmed click as the unique click')
  return { code, messageId }
}

t.test('per-offer override: filter on an offer of a no_filter account', async (t) => {
  const offerId = await createOffer({ bot_filter_mode: 'filter' })
  t.equal(offerMode((await api('GET', `/offers/${offerId}`)).body), 'filter')
  await interstitialFlow(t, offerId)

  // filter_bots without an override means filter too; an explicit no_filter override redirects.
  const flagged = await message(await createOffer({ filter_bots: true }))
  t.equal((await get(flagged.code, IPHONE)).status, 200)
  const put = await api('PUT', `/offers/${offerId}`, { bot_filter_mode: null })
  t.equal(offerMode(put.body), null, 'null clears the override')
})

t.test('account-level filter mode, with an offer opting out', async (t) => {
  const put = await api('PUT', '/tracking/settings', { bot_filter_mode: 'filter' })
  t.same(put.body, { success: true, bot_filter_mode: 'filter', blocked_countries: ['NG', 'RU'] })
  const { code } = await interstitialFlow(t, fixture.offerId)

  const optOut = await message(await createOffer({ bot_filter_mode: 'no_filter' }))
  t.equal((await get(optOut.code, IPHONE)).status, 302, "an offer's no_filter beats the account's filter")

  // Tokens: a bad or foreign one never redirects; an expired one shows the page again.
  const other = await message()
  const otherPage = await (await get(other.code, IPHONE)).text()
  for (const bad of ['', 'garbage', tokenOf(otherPage)]) {
    const res = await confirm(code, bad)
    t.equal(res.status, 400, `token ${JSON.stringify(bad.slice(0, 12))} refused`)
    t.match(await res.text(), new RegExp(`href="/${code}"`))
  }
  const expired = signConfirmToken(
    confirmTokenKey(platform.config.secretKey),
    code,
    'AbCdEfGh123456789012',
    Date.now() - 2 * 60 * 60_000,
  )
  const again = await confirm(code, expired)
  t.equal(again.status, 200, 'an expired token shows the interstitial again')
  t.ok(tokenOf(await again.text()), 'with a fresh token')

  // A message only previewed has no click in the report.
  const onlyViewed = await message()
  t.equal((await get(onlyViewed.code, IPHONE)).status, 200)
  await clicks(onlyViewed.messageId, 1)
  t.match(await report(onlyViewed.messageId), { clicks: 0, confirmed_clicks: 0 })
  t.same(
    (await clicks(other.messageId, 1)).map((r) => r.kind),
    ['preview'],
    'refused tokens recorded no confirm click',
  )
})

t.test(
  'a Continue token counts once: a replayed press goes where the first went and counts nothing',
  async (t) => {
    const { messageId, code } = await message(await createOffer({ bot_filter_mode: 'filter' }))
    const token = tokenOf(await (await get(code, IPHONE)).text())
    const first = await confirm(code, token)
    t.equal(first.status, 302)
    const location = first.headers.get('location')
    for (let i = 0; i < 3; i++) {
      const replay = await confirm(code, token)
      t.equal(replay.status, 302, 'a double tap still lands')
      t.equal(replay.headers.get('location'), location, 'on the first press’s destination and click id')
    }
    // A later view is published after the replays: once it is stored, anything they had published would be too.
    t.equal((await get(code, IPHONE)).status, 200)
    const rows = await clicks(messageId, 3)
    t.same(
      rows.map((r) => r.kind),
      ['preview', 'confirm', 'preview'],
      'one confirm click for one token',
    )
    t.equal(rows[1]!.event_id, new URL(location!).searchParams.get('sub1'))
  },
)

t.test(
  'Continue on an unknown code: a page for a browser, a coded error for a program; the form limit named',
  async (t) => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const browser = await fetch(`${platform.ingestUrl}/ZZZZZZZ`, {
      method: 'POST',
      headers: { ...form, accept: 'text/html,application/xhtml+xml' },
      body: 't=x',
    })
    t.equal(browser.status, 404)
    t.match(browser.headers.get('content-type'), /text\/html/)
    const program = await fetch(`${platform.ingestUrl}/ZZZZZZZ`, {
      method: 'POST',
      headers: form,
      body: 't=x',
    })
    t.equal(program.status, 404)
    t.match(await program.json(), { code: 'link_not_found' })
    const { code } = await message()
    const big = await fetch(`${platform.ingestUrl}/${code}`, {
      method: 'POST',
      headers: form,
      body: `t=${'x'.repeat(4_000)}`,
    })
    t.equal(big.status, 413)
    const body = (await big.json()) as { code: string; error: string }
    t.equal(body.code, 'payload_too_large')
    t.notMatch(body.error, /5 MB/, 'the limit given is the form’s, not the platform’s')
  },
)
