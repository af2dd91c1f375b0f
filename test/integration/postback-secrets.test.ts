// The account's postback secret and settings over real HTTP, Postgres, Redis, Kafka and ClickHouse: the secret is
// generated with the account, required, compared exactly and rotated; unsigned postbacks only when an owner allows
// them; the IP allow-list is enforced before anything is recorded; the settings' URL templates work as pasted; an
// account from before secrets existed gets one at start-up. The conversions themselves are in postbacks.test.ts.
import t from 'tap'
import { decryptSecret } from '../../core/crypto.js'
import { ensurePostbackSecrets } from '../../lib/postback-secrets.js'
import { createFixture, eventually } from '../harness/platform.js'
import { postbackHarness } from '../harness/postbacks.js'

const { platform, ingest, pool, settled, get, api, sign, clickIdOf } = await postbackHarness(t)

t.test('postback secret: generated with the account, required, compared exactly, rotated', async (t) => {
  const acct = await createFixture(platform, ingest)
  const message = await acct.createMessage()
  const clickId = clickIdOf(message.messageId)
  const secret = acct.postbackSecret
  t.match(secret, /^[A-Za-z0-9]{40}$/, 'every new account has a secret')
  const stored = await pool.query<{ enc: string }>(
    'SELECT postback_secret_enc AS enc FROM accounts WHERE id = $1',
    [acct.accountId],
  )
  t.notOk(stored.rows[0]!.enc.includes(secret), 'stored encrypted, not in clear')
  t.match(stored.rows[0]!.enc, /^v1:/)

  const url = (txn: string) => `/api/postbacks/tune?click_id=${clickId}&payout=1&conversion_id=${txn}`
  const none = await get(url('no-secret'))
  t.same([none.status, none.body.code], [401, 'missing_postback_secret'], 'no secret: 401')
  const empty = await get(`${url('empty-secret')}&postback_secret=`)
  t.same([empty.status, empty.body.code], [401, 'missing_postback_secret'], 'an empty macro: 401')
  const wrong = await get(
    `${url('wrong-secret')}&postback_secret=${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`,
  )
  t.same([wrong.status, wrong.body.code], [401, 'invalid_postback_secret'], 'wrong secret: 401')
  const pixelWrong = await get(`/pixel/${message.links[0]!.code}.gif?txn_id=pixel-wrong&secret=nope`)
  t.equal(pixelWrong.status, 200, 'the pixel answers its GIF even then')
  const convNone = await get(`/conv?link_id=${message.links[0]!.code}&txn_id=conv-none`)
  t.same([convNone.status, convNone.body.code], [401, 'missing_postback_secret'])
  t.equal((await get(`${url('right')}&postback_secret=${secret}`)).status, 200)
  t.equal(
    (await get(`/conv?link_id=${message.links[0]!.code}&txn_id=conv-right&secret=${secret}`)).status,
    200,
  )

  // Events of one message share a partition: once the later accepted ones are in, a refused one would be too.
  const rows = await settled(acct.accountId, message.messageId, 2)
  t.same(
    rows.map((r) => r.transaction_id).sort(),
    ['conv-right', 'right'],
    'nothing recorded for the refused requests',
  )

  const settings = await api(acct, 'GET', '/postbacks/settings')
  t.same(
    [settings.body.secret_set, settings.body.secret, settings.body.allow_unsigned],
    [true, secret, false],
    'owners see the secret; unsigned postbacks are off by default',
  )
  t.ok(settings.body.postback_urls.tune.endsWith(`&postback_secret=${secret}`), 'the URLs carry it')
  const viewerKey = await api(acct, 'POST', '/keys', { name: 'viewer', role: 'viewer' })
  const asViewer = await api(acct, 'GET', '/postbacks/settings', undefined, viewerKey.body.api_key)
  t.same(
    [asViewer.status, asViewer.body.secret_set, asViewer.body.secret],
    [200, true, null],
    'viewers do not',
  )
  t.match(asViewer.body.postback_urls.cake, /postback_secret=\{postback_secret\}$/)
  const viewerRotate = await api(acct, 'POST', '/postbacks/secret', undefined, viewerKey.body.api_key)
  t.same([viewerRotate.status, viewerRotate.body.code], [403, 'forbidden'], 'only owners rotate')

  // Rotation: the old secret stops working (ingest re-reads settings within seconds); a fixed txn keeps the
  // polling from recording more than one conversion.
  const rotated = await api(acct, 'POST', '/postbacks/secret')
  const next = rotated.body.secret as string
  t.match(next, /^[A-Za-z0-9]{40}$/)
  t.not(next, secret)
  t.ok(rotated.body.postback_urls.tune.endsWith(`&postback_secret=${next}`))
  await eventually(
    async () => ((await get(`${url('poll')}&postback_secret=${secret}`)).status === 401 ? true : undefined),
    30_000,
    'the old secret refused',
  )
  t.equal((await get(`${url('after-rotation')}&postback_secret=${next}`)).status, 200, 'the new one works')
  const audit = await pool.query<{ action: string }>(
    `SELECT action FROM audit_log WHERE account_id = $1 AND action LIKE 'postback.%'`,
    [acct.accountId],
  )
  t.same(
    audit.rows.map((r) => r.action),
    ['postback.secret_rotated'],
    'the rotation is audited; the refused viewer left nothing',
  )
  t.equal((await api(acct, 'DELETE', '/postbacks/secret')).status, 404, 'a secret cannot be removed')
})

t.test(
  'unsigned postbacks: only an owner allows them, audited; a wrong secret is refused still',
  async (t) => {
    const acct = await createFixture(platform, ingest)
    const message = await acct.createMessage()
    const url = (txn: string) =>
      `/api/postbacks/everflow?click_id=${clickIdOf(message.messageId)}&payout=1&transaction_id=${txn}`
    const member = await api(acct, 'POST', '/keys', { name: 'member', role: 'member' })
    const asMember = await api(
      acct,
      'PUT',
      '/postbacks/allow-unsigned',
      { allow_unsigned: true },
      member.body.api_key,
    )
    t.same([asMember.status, asMember.body.code], [403, 'forbidden'], 'members may not')
    for (const body of [{}, { allow_unsigned: 'perhaps' }, { allow_unsigned: [true, false] }]) {
      const bad = await api(acct, 'PUT', '/postbacks/allow-unsigned', body)
      t.same([bad.status, bad.body.code], [400, 'invalid_allow_unsigned'], JSON.stringify(body))
    }
    t.equal((await get(url('before'))).status, 401, 'refused before the owner allows it')

    const on = await api(acct, 'PUT', '/postbacks/allow-unsigned', { allow_unsigned: true })
    t.same(on, { status: 200, body: { success: true, allow_unsigned: true } })
    t.equal((await api(acct, 'GET', '/postbacks/settings')).body.allow_unsigned, true)
    await eventually(
      async () => ((await get(url('unsigned'))).status === 200 ? true : undefined),
      30_000,
      'an unsigned postback accepted',
    )
    const wrong = await get(`${url('wrong')}&postback_secret=nope`)
    t.same(
      [wrong.status, wrong.body.code],
      [401, 'invalid_postback_secret'],
      'a wrong secret is never accepted',
    )

    const off = await api(acct, 'PUT', '/postbacks/allow-unsigned', { allow_unsigned: false })
    t.same(off.body, { success: true, allow_unsigned: false })
    await eventually(
      async () => ((await get(url('unsigned'))).status === 401 ? true : undefined),
      30_000,
      'unsigned refused again',
    )
    const rows = await settled(acct.accountId, message.messageId, 1)
    t.same(
      rows.map((r) => r.transaction_id),
      ['unsigned'],
      'only the allowed unsigned one counted',
    )
    const audit = await pool.query<{ actor: string; action: string; detail: unknown }>(
      `SELECT actor, action, detail FROM audit_log
      WHERE account_id = $1 AND action LIKE 'postback.%' ORDER BY id`,
      [acct.accountId],
    )
    t.same(
      audit.rows.map((r) => [r.action, r.detail]),
      [
        ['postback.allow_unsigned_changed', { from: false, to: true }],
        ['postback.allow_unsigned_changed', { from: true, to: false }],
      ],
      'both changes audited with before and after',
    )
    t.ok(
      audit.rows.every((r) => r.actor.startsWith('key:')),
      'with the key that made them',
    )
  },
)

t.test('IP allow-list: only listed addresses and ranges may post', async (t) => {
  const acct = await createFixture(platform, ingest)
  const bad = await api(acct, 'PUT', '/postbacks/allowlist', { ip_allowlist: ['10.0.0.0/8', 'example.com'] })
  t.same([bad.status, bad.body.code], [400, 'invalid_ip_allowlist'])
  for (const body of [{ ip_allowlist: { a: '10.0.0.1' } }, {}, { ip_allowlist: ['x'.repeat(65)] }]) {
    const res = await api(acct, 'PUT', '/postbacks/allowlist', body)
    t.same([res.status, res.body.code], [400, 'invalid_ip_allowlist'], JSON.stringify(body).slice(0, 40))
  }
  const set = await api(acct, 'PUT', '/postbacks/allowlist', {
    ip_allowlist: ['203.0.113.9/24', '2001:DB8::/32', '198.51.100.7'],
  })
  t.same(set.body, { success: true, ip_allowlist: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'] })
  t.same((await api(acct, 'GET', '/postbacks/settings')).body.ip_allowlist, set.body.ip_allowlist)

  const message = await acct.createMessage()
  const clickId = clickIdOf(message.messageId)
  const from = (ip: string, txn: string) =>
    get(sign(`/api/postbacks/everflow?click_id=${clickId}&payout=1&transaction_id=${txn}`, acct), {
      'x-forwarded-for': ip,
    })
  const denied = await from('192.0.2.1', 'denied')
  t.same([denied.status, denied.body.code], [403, 'postback_ip_not_allowed'])
  t.equal((await from('198.51.100.8', 'denied-2')).status, 403, 'a single address is not a range')
  const pixel = await get(sign(`/pixel/${message.links[0]!.code}.gif?txn_id=pixel-denied`, acct), {
    'x-forwarded-for': '192.0.2.1',
  })
  t.equal(pixel.status, 200, 'the pixel still answers')
  t.equal((await from('203.0.113.200', 'v4-range')).status, 200)
  t.equal((await from('::ffff:198.51.100.7', 'v4-mapped')).status, 200, 'IPv4-mapped IPv6 matches its IPv4')
  t.equal((await from('2001:db8:5::1', 'v6-range')).status, 200)
  const rows = await settled(acct.accountId, message.messageId, 3)
  t.same(
    rows.map((r) => r.transaction_id).sort(),
    ['v4-mapped', 'v4-range', 'v6-range'],
    'nothing recorded for refused addresses',
  )
})

t.test('the settings’ URL templates work as pasted', async (t) => {
  const acct = await createFixture(platform, ingest)
  const settings = await api(acct, 'GET', '/postbacks/settings')
  const urls = settings.body.postback_urls as Record<string, string>
  t.equal(settings.body.secret, acct.postbackSecret)
  t.ok(urls.tune!.startsWith(`${platform.config.publicWebhookBaseUrl}/api/postbacks/tune?`))
  const message = await acct.createMessage()
  const clickId = clickIdOf(message.messageId)
  // What each network substitutes for its macros.
  const macros: [network: string, values: Record<string, string>][] = [
    [
      'tune',
      { '{aff_click_id}': clickId, '{payout}': '1', '{transaction_id}': 'tpl-tune', '{offer_id}': '55' },
    ],
    [
      'everflow',
      {
        '{sub1}': clickId,
        '{payout_amount}': '2',
        '{transaction_id}': 'tpl-ef',
        '{offer_id}': '55',
        '{event_name}': '',
      },
    ],
    ['cake', { '#s2#': clickId, '#leadid#': 'tpl-cake', '#price#': '3', '#oid#': '9' }],
    ['conv', { '{link_id}': message.links[0]!.code, '{revenue}': '4', '{txn_id}': 'tpl-conv' }],
  ]
  const filled = macros.map(([network, values]) =>
    Object.entries(values).reduce((url, [macro, value]) => url.replace(macro, value), urls[network]!),
  )
  for (const url of filled) {
    const res = await fetch(url.replace(platform.config.publicWebhookBaseUrl, ingest))
    t.equal(res.status, 200, url)
  }
  const rows = await settled(acct.accountId, message.messageId, 4)
  t.same(rows.map((r) => r.transaction_id).sort(), ['tpl-cake', 'tpl-conv', 'tpl-ef', 'tpl-tune'])
})

t.test(
  'an account from before secrets existed: refused until start-up gives it one, then signed works',
  async (t) => {
    const acct = await createFixture(platform, ingest)
    const keep = await createFixture(platform, ingest)
    const kept = await pool.query<{ enc: string }>(
      'SELECT postback_secret_enc AS enc FROM accounts WHERE id = $1',
      [keep.accountId],
    )
    await pool.query('UPDATE accounts SET postback_secret_enc = NULL WHERE id = $1', [acct.accountId])
    const message = await acct.createMessage()
    const url = (txn: string) =>
      `/api/postbacks/everflow?click_id=${clickIdOf(message.messageId)}&payout=1&transaction_id=${txn}`
    await eventually(
      async () => ((await get(url('unsigned'))).body.code === 'missing_postback_secret' ? true : undefined),
      30_000,
      'no secret yet: unsigned refused',
    )
    const anyGuess = await get(`${url('guess')}&postback_secret=${acct.postbackSecret}`)
    t.same([anyGuess.status, anyGuess.body.code], [401, 'invalid_postback_secret'], 'and nothing matches')

    t.ok((await ensurePostbackSecrets(pool, platform.config.secretKey)) >= 1, 'start-up gives it a secret')
    const after = await pool.query<{ id: string; enc: string }>(
      'SELECT id, postback_secret_enc AS enc FROM accounts WHERE id = ANY($1::text[])',
      [[acct.accountId, keep.accountId]],
    )
    t.equal(
      after.rows.find((r) => r.id === keep.accountId)!.enc,
      kept.rows[0]!.enc,
      'an existing secret is kept',
    )
    const secret = decryptSecret(
      after.rows.find((r) => r.id === acct.accountId)!.enc,
      platform.config.secretKey,
    )
    t.match(secret, /^[A-Za-z0-9]{40}$/)
    t.equal((await api(acct, 'GET', '/postbacks/settings')).body.secret, secret, 'shown to its owner')
    await eventually(
      async () =>
        (await get(`${url('signed')}&postback_secret=${secret}`)).status === 200 ? true : undefined,
      30_000,
      'signed accepted',
    )
  },
)
