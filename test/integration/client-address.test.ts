// Who a request comes from, the same way everywhere (issue 12): the client address is the right-most hop that
// TRUST_PROXY does not trust, so a forwarded header from a peer nobody named as a proxy changes nothing, for the
// postback IP allow-list, bot detection and /metrics alike. Behind a trusted proxy, only the proxy's own hop is
// believed, and /metrics never counts a forwarded request as a local scraper.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { ingestApp } from '../../ingest/app.js'
import { buildHttpApp } from '../../lib/server.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

// The default trust settings: no proxy is trusted. The country header is configured, as behind Cloudflare.
const platform = await startTestPlatform(t, { clickCountryHeader: 'cf-ipcountry' })
const fixture = await createFixture(platform, platform.ingestUrl)
const ch = platform.deps.clickhouse.acquire()
t.teardown(() => platform.deps.clickhouse.release())

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
    method,
    headers: { 'x-api-key': fixture.apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const SPOOFS = ['10.1.2.3', '8.8.8.8, 10.0.0.1']

t.test('/metrics: a forwarded header from loopback never makes a scraper local', async (t) => {
  t.equal(platform.config.trustProxy, false, 'by default no forwarded header is believed')
  for (const base of [platform.apiUrl, platform.ingestUrl]) {
    t.equal((await fetch(`${base}/metrics`)).status, 200, `${base}: a direct loopback scraper is answered`)
    for (const xff of SPOOFS) {
      const res = await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': xff } })
      t.equal(res.status, 404, `${base} with X-Forwarded-For: ${xff}`)
    }
  }
})

/** The account's ready-to-paste /conv URL (with its secret, when it has one) for a link, on this ingest. */
async function convUrl(code: string, txn: string): Promise<string> {
  const settings = await api('GET', '/postbacks/settings')
  const template = (settings.body.postback_urls as Record<string, string>).conv!
  return template
    .replace(platform.config.publicWebhookBaseUrl, '')
    .replace('{link_id}', code)
    .replace('{revenue}', '1')
    .replace('{txn_id}', txn)
}

async function setAllowlist(list: string[]): Promise<void> {
  const res = await api('PUT', '/postbacks/allowlist', { ip_allowlist: list })
  if (res.status !== 200) throw new Error(`allow-list not set: ${JSON.stringify(res.body)}`)
}

t.test('postback allow-list: a forwarded header from an untrusted peer is not the address', async (t) => {
  const message = await fixture.createMessage()
  const code = message.links[0]!.code
  const post = async (txn: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${platform.ingestUrl}${await convUrl(code, txn)}`, { headers })
    return { status: res.status, code: ((await res.json()) as { code?: string }).code }
  }
  t.equal((await post('direct-open')).status, 200, 'the pasted URL works')
  await setAllowlist(['10.0.0.0/8'])
  await eventually(
    async () => ((await post(`direct-${Date.now()}`)).status === 403 ? true : undefined),
    30_000,
    'the allow-list in force',
  )
  for (const xff of SPOOFS) {
    const res = await post(`spoof-${xff}`, { 'x-forwarded-for': xff })
    t.same(res, { status: 403, code: 'postback_ip_not_allowed' }, `X-Forwarded-For: ${xff} refused`)
  }
  await setAllowlist(['127.0.0.1'])
  const allowed = await eventually(
    async () => {
      const res = await post(`peer-${Date.now()}`, { 'x-forwarded-for': '10.1.2.3' })
      return res.status === 200 ? res : undefined
    },
    30_000,
    'the connecting address allowed',
  )
  t.equal(allowed.status, 200, "the connecting peer's own address is what the allow-list sees")
})

t.test('bot detection: an untrusted peer cannot claim a data-center address or a country', async (t) => {
  const message = await fixture.createMessage()
  const res = await fetch(`${platform.ingestUrl}/${message.links[0]!.code}`, {
    redirect: 'manual',
    headers: {
      'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 Safari/604.1',
      'x-forwarded-for': '3.5.140.2',
      'cf-ipcountry': 'RU',
    },
  })
  t.equal(res.status, 302)
  const rows = await eventually(async () => {
    const rows = await ch.query<{ ip: string; bot_reason: string; country: string }>(
      `SELECT ip, bot_reason, country FROM clicks FINAL WHERE account_id = {a:String} AND message_id = {m:String}`,
      { a: fixture.accountId, m: message.messageId },
    )
    return rows.length > 0 ? rows : undefined
  }, 30_000)
  t.same(
    rows.map((r) => [r.ip.replace(/^::ffff:/, ''), r.bot_reason, r.country]),
    [['127.0.0.1', '', '']],
    'stored with the connecting address, not as datacenter_ip, no country',
  )
})

t.test(
  'behind a trusted proxy: the right-most untrusted hop, and no header makes /metrics local',
  async (t) => {
    const behindProxy = await buildHttpApp(ingestApp, {
      ...platform.deps,
      config: { ...platform.config, trustProxy: 'loopback', spoolDir: mkdtempSync(join(tmpdir(), 'spool-')) },
    })
    t.teardown(() => behindProxy.close())
    const message = await fixture.createMessage()
    const code = message.links[0]!.code
    await setAllowlist(['10.0.0.0/8'])
    const post = async (txn: string, xff: string, remoteAddress = '127.0.0.1') =>
      (
        await behindProxy.inject({
          method: 'GET',
          url: await convUrl(code, txn),
          headers: { 'x-forwarded-for': xff },
          remoteAddress,
        })
      ).statusCode
    await eventually(
      async () => ((await post(`proxied-${Date.now()}`, '203.0.113.7, 10.1.2.3')) === 200 ? true : undefined),
      30_000,
      'the proxy-named client allowed',
    )
    t.equal(
      await post('client-claims', '10.1.2.3, 203.0.113.7'),
      403,
      "a client's own entry left of the real one",
    )
    t.equal(await post('untrusted-peer', '10.1.2.3', '198.51.100.4'), 403, 'a peer that is not the proxy')
    for (const xff of SPOOFS) {
      const res = await behindProxy.inject({
        method: 'GET',
        url: '/metrics',
        headers: { 'x-forwarded-for': xff },
      })
      t.equal(res.statusCode, 404, `/metrics through the proxy for ${xff}`)
    }
  },
)
